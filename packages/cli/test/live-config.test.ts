import { readFileSync, writeFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { type App, createApp } from '../src/runtime/create-app.js'
import { tempDir } from './helpers.js'

const secretPlugin = new URL('./fixtures/secret-plugin.ts', import.meta.url).pathname
const webPlugin = new URL('./fixtures/web-plugin.ts', import.meta.url).pathname
const TOKEN = 'live-admin-token-123'
const YAML = [
  '# Banter test bot: comments must survive',
  'storage: memory',
  'http:',
  '  port: 0',
  '  adminToken: ${ADMIN_TOKEN}',
  'plugins:',
  '  # stamps every reply',
  '  timestamp:',
  '    format: yyyy-MM-dd HH:mm:ss # the stamp',
  '    timeZone: ${TZ_NAME:-UTC}',
  `  ${secretPlugin}:`,
  '    greeting: hi # says hi',
  'log:',
  '  level: info',
  '',
].join('\n')

const t = tempDir({ 'banter.config.yaml': YAML })
const file = t.path('banter.config.yaml')
const auth = { authorization: `Bearer ${TOKEN}` }
let running: { app: App; logs: string[]; say(line: string): Promise<string> } | undefined

afterEach(async () => {
  await running?.app.stop('test done')
  running = undefined
})
afterAll(() => t.cleanup())

async function start() {
  const input = new PassThrough()
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk) => {
    text += String(chunk)
  })
  const logs: string[] = []
  const app = await createApp({
    config: file,
    input,
    output,
    env: { ADMIN_TOKEN: TOKEN },
    logDestination: { write: (line: string) => void logs.push(line) },
  })
  await app.start()
  const say = async (line: string) => {
    const from = text.length
    input.write(`${line}\n`)
    for (let i = 0; i < 100 && !text.slice(from).includes('\n'); i++)
      await new Promise((r) => setTimeout(r, 20))
    return text.slice(from).trim()
  }
  running = { app, logs, say }
  return running
}

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${running?.app.http?.url}${path}`, {
    ...init,
    headers: {
      ...auth,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers ?? {}),
    },
  })

describe('live settings through the admin API', () => {
  it('PATCH changes the timestamp format: the next !ping is stamped the new way, the YAML diff is one line, a restart keeps it', async () => {
    const { say } = await start()
    expect(await say('!ping')).toMatch(/\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] pong/)
    const res = await api('/api/plugins/timestamp/config', {
      method: 'PATCH',
      body: JSON.stringify({ format: "'at' HH:mm" }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      applied: 'hook',
      changes: [{ path: 'format', before: 'yyyy-MM-dd HH:mm:ss', after: "'at' HH:mm" }],
    })
    expect(await say('!ping')).toMatch(/\[at \d\d:\d\d\] pong/)
    const before = YAML.split('\n')
    const after = readFileSync(file, 'utf8').split('\n')
    expect(after.length).toBe(before.length)
    const diff = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]))
    expect(diff).toEqual([
      ['    format: yyyy-MM-dd HH:mm:ss # the stamp', `    format: "'at' HH:mm" # the stamp`],
    ])

    await running?.app.stop('restart')
    running = undefined
    const again = await start()
    expect(await again.say('!ping')).toMatch(/\[at \d\d:\d\d\] pong/)
  })

  it('a bad value: 400 naming the path, the file unchanged, the plugin still on the old value', async () => {
    const { app } = await start()
    const written = readFileSync(file, 'utf8')
    const res = await api('/api/plugins/timestamp/config', {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ timeZone: 'Mars/Base' }),
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { issues: { path: string; message: string }[] }
    expect(body.issues).toEqual([{ path: 'timeZone', message: expect.stringContaining('Mars/Base') }])
    expect(readFileSync(file, 'utf8')).toBe(written)
    expect(app.bot.plugins.options('timestamp')).toMatchObject({ timeZone: 'UTC' })
  })

  it('a secret goes to .env as a ${VAR} reference: never in the YAML, the logs or an API response', async () => {
    const { app, logs, say } = await start()
    const secret = 'sk-live-0123456789'
    const res = await api('/api/plugins/secret/config', {
      method: 'PATCH',
      body: JSON.stringify({ apiKey: secret }),
    })
    expect(res.status).toBe(200)
    const answers = [
      await res.text(),
      await (await api('/api/plugins/secret/config')).text(),
      await (await api('/api/plugins/secret')).text(),
      await (await api('/api/audit')).text(),
    ]
    for (const answer of answers) expect(answer).not.toContain(secret)
    expect(JSON.parse(answers[1] as string)).toEqual({ options: { greeting: 'hi', apiKey: '***' } })
    const yaml = readFileSync(file, 'utf8')
    expect(yaml).not.toContain(secret)
    expect(yaml).toContain('    apiKey: ${BANTER_SECRET_PLUGIN_API_KEY}')
    expect(yaml).toContain('    greeting: hi # says hi')
    expect(readFileSync(t.path('.env'), 'utf8')).toBe(`BANTER_SECRET_PLUGIN_API_KEY='${secret}'\n`)
    expect(await say('!key')).toContain(`hi: key of ${secret.length} chars`)
    expect(logs.join('')).toContain('plugin \\"secret\\" configured: apiKey')
    expect(logs.join('')).not.toContain(secret)
    await app.stop('restart')
    running = undefined
    expect(await (await start()).say('!key')).toContain(`key of ${secret.length} chars`)
    // Removing the option (null) takes its line out of .env too; other lines stay.
    writeFileSync(t.path('.env'), `${readFileSync(t.path('.env'), 'utf8')}OTHER=kept\n`)
    const removed = await api('/api/plugins/secret/config', {
      method: 'PATCH',
      body: JSON.stringify({ apiKey: null }),
    })
    expect(removed.status).toBe(200)
    expect(readFileSync(t.path('.env'), 'utf8')).toBe('OTHER=kept\n')
    expect(readFileSync(file, 'utf8')).not.toContain('apiKey')
  })

  it('refuses a change when the file changed on disk since it was read (409), and loses nothing', async () => {
    const { app } = await start()
    const edited = `${readFileSync(file, 'utf8')}# edited by hand\n`
    writeFileSync(file, edited)
    const res = await api('/api/plugins/timestamp/config', {
      method: 'PATCH',
      body: JSON.stringify({ format: 'HH' }),
    })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'BOT_CONFIG_CONFLICT' })
    expect(readFileSync(file, 'utf8')).toBe(edited)
    expect(app.bot.plugins.options('timestamp')).not.toMatchObject({ format: 'HH' })
  })
})

describe('scopes through the admin API', () => {
  it('switches timestamp off in one channel, persisted in the YAML scopes section across a restart', async () => {
    const { say } = await start()
    const put = await api('/api/plugins/timestamp/scopes/channels/console', {
      method: 'PUT',
      body: JSON.stringify({ enabled: false }),
    })
    expect(put.status).toBe(200)
    expect(await put.json()).toEqual({ scopes: { channels: { console: { enabled: false } } } })
    expect(await say('!ping')).toBe('bot> pong')
    expect(readFileSync(file, 'utf8')).toMatch(
      /scopes:\n {2}timestamp:\n {4}channels:\n {6}console:\n {8}enabled: false/,
    )
    await running?.app.stop('restart')
    running = undefined
    const again = await start()
    expect(await again.say('!ping')).toBe('bot> pong')
    const bad = await api('/api/plugins/timestamp/scopes/guilds/g1', {
      method: 'PUT',
      body: JSON.stringify({ options: { timeZone: 'Mars/Base' } }),
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ issues: [{ path: 'timeZone' }] })
    expect((await api('/api/plugins/timestamp/scopes/channels/console', { method: 'DELETE' })).status).toBe(
      200,
    )
    expect(await again.say('!ping')).toMatch(/^bot> \[.+\] pong$/)
    expect(readFileSync(file, 'utf8')).not.toContain('console:')
  })
})

describe('the admin API', () => {
  it('refuses and audits wrong tokens; the audit log lists what happened', async () => {
    await start()
    const wrong = await fetch(`${running?.app.http?.url}/api/plugins/timestamp/disable`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(401)
    expect((await api('/api/plugins/timestamp/disable', { method: 'POST' })).status).toBe(200)
    expect((await api('/api/plugins/timestamp/enable', { method: 'POST' })).status).toBe(200)
    const { entries } = (await (await api('/api/audit')).json()) as {
      entries: { action: string; target?: string; outcome: string; actor: { kind: string; id: string } }[]
    }
    expect(entries.slice(0, 3)).toMatchObject([
      { action: 'enable', target: 'timestamp', outcome: 'ok', actor: { kind: 'token' } },
      { action: 'disable', target: 'timestamp', outcome: 'ok', actor: { kind: 'token' } },
      {
        action: 'http',
        target: 'POST /api/plugins/timestamp/disable',
        outcome: 'refused',
        actor: { id: 'wrong token' },
      },
    ])
    expect(JSON.stringify(entries)).not.toContain(TOKEN)
  })

  it('gets a plugin, its schema, loads and unloads by path, and serves the OpenAPI document', async () => {
    await start()
    const one = (await (await api('/api/plugins/timestamp')).json()) as { plugin: Record<string, unknown> }
    expect(one.plugin).toMatchObject({
      name: 'timestamp',
      status: 'active',
      permissions: ['messages:transform'],
      emits: [],
      switchedOff: [],
    })
    const schema = (await (await api('/api/plugins/secret/schema')).json()) as {
      schema: { properties: Record<string, unknown> }
    }
    expect(schema.schema.properties.apiKey).toMatchObject({ secret: true, description: 'The API key' })
    const loaded = await api('/api/plugins', {
      method: 'POST',
      body: JSON.stringify({ specifier: webPlugin }),
    })
    expect(loaded.status).toBe(201)
    expect(await loaded.json()).toMatchObject({ plugins: [{ name: 'web', status: 'active' }] })
    // Loaded at run time, it has no key in the file: changed in memory only, the file untouched.
    const yaml = readFileSync(file, 'utf8')
    const patched = await api('/api/plugins/web/config', { method: 'PATCH', body: JSON.stringify({ a: 1 }) })
    expect(patched.status).toBe(200)
    expect(readFileSync(file, 'utf8')).toBe(yaml)
    expect((await api('/api/plugins/web', { method: 'DELETE' })).status).toBe(200)
    expect((await api('/api/plugins/web')).status).toBe(404)
    expect((await api('/api/plugins/nope/config')).status).toBe(404)
    const { say } = running as NonNullable<typeof running>
    await say('!ping')
    await say('!ping')
    const usage = (await (await api('/api/analytics')).json()) as {
      commands: { name: string; calls: number }[]
      mostUsed: { name: string }[]
    }
    expect(usage.commands.find((c) => c.name === 'ping')?.calls).toBe(2)
    expect(usage.mostUsed[0]?.name).toBe('ping')
    const metrics = await (await fetch(`${running?.app.http?.url}/metrics`)).text()
    expect(metrics).toMatch(/^banter_usage_7d\{kind="command",name="ping",stat="calls"\} 2$/m)
    const doc = (await (await fetch(`${running?.app.http?.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(doc.paths)).toContain('/api/plugins/{name}/config')
  })
})
