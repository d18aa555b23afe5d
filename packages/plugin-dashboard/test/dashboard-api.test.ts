import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { DashboardClient, type RunningBot, startBot } from './helpers.js'

const TOKEN = 'dashboard-test-token-123'
let bot: RunningBot | undefined

afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

async function loggedIn() {
  bot = await startBot(TOKEN)
  const client = new DashboardClient(bot.dashboard)
  expect((await client.login(TOKEN)).status).toBe(200)
  return { bot, client }
}

describe('dashboard: login and sessions', () => {
  it('serves the app under /dashboard/ with a strict CSP and no inline script', async () => {
    bot = await startBot(TOKEN)
    const res = await fetch(`${bot.dashboard}/`)
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await res.text()
    expect(html).toContain('<base href="/dashboard/"')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect((await fetch(`${bot.dashboard}/${script}`)).headers.get('content-type')).toContain('javascript')
  })

  it('refuses the API without a session, and a wrong token', async () => {
    bot = await startBot(TOKEN)
    const client = new DashboardClient(bot.dashboard)
    expect((await client.request('GET', '/api/plugins')).status).toBe(401)
    expect((await client.request('POST', '/api/plugins/timestamp/disable')).status).toBe(401)
    expect((await client.login('wrong')).status).toBe(401)
    expect(bot.app.bot.plugins.get('timestamp')?.status).toBe('active')
  })

  it('after ten failed logins from one address, even the right token waits (429)', async () => {
    bot = await startBot(TOKEN)
    const client = new DashboardClient(bot.dashboard)
    for (let i = 0; i < 10; i++) expect((await client.login(`guess-${i}`)).status).toBe(401)
    const blocked = await client.login(TOKEN)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('logs in with the admin token: an HttpOnly SameSite=Strict cookie; logout ends the session', async () => {
    bot = await startBot(TOKEN)
    const client = new DashboardClient(bot.dashboard)
    const res = await client.login(TOKEN)
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/)
    expect(res.headers.get('set-cookie')).toMatch(/Path=\/dashboard/)
    const { plugins } = await client.json<{ plugins: { name: string; status: string }[] }>('/api/plugins')
    expect(plugins.map((p) => p.name)).toEqual(expect.arrayContaining(['timestamp', 'contrib', 'dashboard']))
    const cookie = client.cookie
    expect((await client.request('POST', '/api/logout')).status).toBe(200)
    client.cookie = cookie
    expect((await client.request('GET', '/api/plugins')).status).toBe(401)
  })

  it('refuses a change without the CSRF token, or from another origin, and changes nothing', async () => {
    const { bot, client } = await loggedIn()
    const res = await client.request('POST', '/api/plugins/timestamp/disable', undefined, { csrf: false })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'missing or wrong CSRF token' })
    const foreign = await fetch(`${bot.dashboard}/api/plugins/timestamp/disable`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, origin: 'http://evil.example' },
    })
    expect(foreign.status).toBe(403)
    expect(bot.app.bot.plugins.get('timestamp')?.status).toBe('active')
  })

  it('without an admin token: the one-time link logged at start works once', async () => {
    bot = await startBot(undefined)
    const line = bot.logs.find((l) => l.includes('/dashboard/login/')) ?? ''
    const link = /(http:\/\/[^ "]+\/dashboard\/login\/[A-Za-z0-9_-]+)/.exec(line)?.[1]
    expect(link).toBeDefined()
    const client = new DashboardClient(bot.dashboard)
    expect((await client.login('anything')).status).toBe(403)
    const first = await fetch(link as string, { redirect: 'manual' })
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/dashboard/')
    client.cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] as string
    const session = await client.json<{ user: string; csrf: string }>('/api/session')
    expect(session.user).toBe('link')
    expect((await fetch(link as string, { redirect: 'manual' })).status).toBe(403)
  })
})

describe('dashboard: managing plugins', () => {
  it('configures the timestamp format: the next !ping is stamped the new way, the YAML is updated, the audit names the dashboard user', async () => {
    const { bot, client } = await loggedIn()
    expect(await bot.say('!ping')).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] pong/)
    const res = await client.request('PATCH', '/api/plugins/timestamp/config', { format: "'at' HH:mm" })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      applied: 'hook',
      changes: [{ path: 'format', after: "'at' HH:mm" }],
    })
    expect(await bot.say('!ping')).toMatch(/^\[at \d\d:\d\d\] pong/)
    expect(readFileSync(bot.file, 'utf8')).toContain(`format: "'at' HH:mm" # the stamp`)
    const { entries } = await client.json<{
      entries: { action: string; actor: { id: string; name: string } }[]
    }>('/api/audit')
    expect(entries[0]).toMatchObject({
      action: 'configure',
      actor: { id: 'dashboard:admin', name: 'admin (token) via dashboard' },
    })
  })

  it('an invalid value answers the server problems by field and changes nothing', async () => {
    const { bot, client } = await loggedIn()
    type Detail = { readme?: string; schema: { properties: object }; usage: { commands: unknown } }
    const detail = await client.json<Detail>('/api/plugins/timestamp')
    expect(detail.readme).toMatch(/^Stamps every outgoing message of a Banter bot/)
    expect(detail.schema.properties).toHaveProperty('format')
    expect(detail.usage.commands).toEqual(expect.any(Array))
    const before = readFileSync(bot.file, 'utf8')
    const res = await client.request('PATCH', '/api/plugins/timestamp/config', { format: 'YYYY' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { code: string; issues: { path: string; message: string }[] }
    expect(body.code).toBe('CONFIG_INVALID')
    expect(body.issues).toEqual([
      { path: 'format', message: expect.stringContaining('not a valid date-fns format') },
    ])
    expect(await bot.say('!ping')).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] pong/)
    expect(readFileSync(bot.file, 'utf8')).toBe(before)
  })

  it('disables and enables timestamp: the reply goes unstamped, then stamped again', async () => {
    const { bot, client } = await loggedIn()
    expect((await client.request('POST', '/api/plugins/timestamp/disable')).status).toBe(200)
    expect(await bot.say('!ping')).toBe('pong')
    expect((await client.request('POST', '/api/plugins/timestamp/enable')).status).toBe(200)
    expect(await bot.say('!ping')).toMatch(/^\[.+\] pong/)
    expect((await client.request('POST', '/api/plugins/dashboard/disable')).status).toBe(409)
    expect((await client.request('POST', '/api/plugins/dashboard/reload')).status).toBe(409)
    expect((await client.request('DELETE', '/api/plugins/dashboard')).status).toBe(409)
    expect(bot.app.bot.plugins.get('dashboard')?.status).toBe('active')
  })

  it('lists contributed pages and widgets, serves their declared routes only, and drops them when the plugin is disabled', async () => {
    const { client } = await loggedIn()
    type Ui = {
      pages: { plugin: string; id: string }[]
      widgets: { plugin: string; id: string }[]
      menu: { plugin: string; label: string }[]
    }
    const ui = await client.json<Ui>('/api/ui')
    const contrib = (list: { plugin?: string }[]) => list.filter((e) => e.plugin === 'contrib')
    expect(contrib(ui.pages)).toMatchObject([{ plugin: 'contrib', id: 'quarantine' }])
    expect(contrib(ui.widgets)).toMatchObject([{ id: 'held' }])
    expect(contrib(ui.menu)).toMatchObject([{ label: 'Contrib quarantine' }])
    const rows = await client.json<{ rows: unknown[] }>('/api/ui/contrib/data?route=%2Frows')
    expect(rows.rows).toEqual([{ file: 'eicar.com', threat: 'Eicar-Test-Signature' }])
    expect((await client.request('GET', '/api/ui/contrib/data?route=%2Fsecret')).status).toBe(404)
    const purge = await client.request('POST', '/api/ui/contrib/call', { route: '/purge', method: 'POST' })
    expect(await purge.json()).toEqual({ message: 'purged (1)' })
    const overview = await client.json<{ widgets: { plugin: string }[] }>('/api/overview')
    expect(overview.widgets.map((w) => w.plugin).sort()).toEqual(['antivirus', 'contrib'])

    expect((await client.request('POST', '/api/plugins/contrib/disable')).status).toBe(200)
    const after = await client.json<Ui>('/api/ui')
    expect([contrib(after.pages), contrib(after.widgets), contrib(after.menu)]).toEqual([[], [], []])
    expect(after.pages.map((p) => p.plugin).sort()).toEqual(['antivirus', 'workflow'])
    expect((await client.request('GET', '/api/ui/contrib/data?route=%2Frows')).status).toBe(404)
  })

  it('streams plugin changes over server-sent events', async () => {
    const { bot, client } = await loggedIn()
    const controller = new AbortController()
    const res = await fetch(`${bot.dashboard}/api/events`, {
      headers: { cookie: client.cookie },
      signal: controller.signal,
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    await client.request('POST', '/api/plugins/timestamp/disable')
    let text = ''
    while (!text.includes('"event":"plugin.disabled"'))
      text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toContain('"name":"timestamp"')
    controller.abort()
  })

  it('sets and removes a scope rule: timestamp off in the console channel, persisted under scopes:', async () => {
    const { bot, client } = await loggedIn()
    const off = await client.request('PUT', '/api/plugins/timestamp/scopes/channel/console', {
      enabled: false,
    })
    expect(off.status).toBe(200)
    expect(await off.json()).toEqual({ scopes: { channels: { console: { enabled: false } } } })
    expect(await bot.say('!ping')).toBe('pong')
    expect(readFileSync(bot.file, 'utf8')).toMatch(
      /scopes:[\s\S]*timestamp:[\s\S]*console:[\s\S]*enabled: false/,
    )
    const bad = await client.request('PUT', '/api/plugins/timestamp/scopes/channel/console', {
      options: { format: 'YYYY' },
    })
    expect(bad.status).toBe(400)
    expect((await client.request('DELETE', '/api/plugins/timestamp/scopes/channel/console')).status).toBe(200)
    expect(await bot.say('!ping')).toMatch(/^\[.+\] pong/)
    const detail = await client.json<{ scopes: unknown }>('/api/plugins/timestamp')
    expect(detail.scopes).toEqual({})
  })

  it('loads and unloads a plugin, reports analytics, and audits a refused login', async () => {
    const { bot, client } = await loggedIn()
    expect((await client.request('DELETE', '/api/plugins/timestamp')).status).toBe(200)
    expect(bot.app.bot.plugins.get('timestamp')).toBeUndefined()
    expect(await bot.say('!ping')).toBe('pong')
    const loaded = await client.request('POST', '/api/plugins', { specifier: '@banter/plugin-timestamp' })
    expect(loaded.status).toBe(201)
    expect(await bot.say('!ping')).toMatch(/^\[.+\] pong/)
    const report = await client.json<{ hours: number; mostUsed: unknown[] }>('/api/analytics?hours=24')
    expect(report.hours).toBe(24)
    expect(Array.isArray(report.mostUsed)).toBe(true)
    expect((await new DashboardClient(bot.dashboard).login('nope')).status).toBe(401)
    const { entries } = await client.json<{
      entries: { action: string; outcome: string; actor: { id: string } }[]
    }>('/api/audit')
    expect(entries[0]).toMatchObject({
      action: 'login',
      outcome: 'refused',
      actor: { id: 'dashboard:anonymous' },
    })
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['unload', 'load']))
  })

  it("calls a plugin's table row action through its declared pattern only (the antivirus quarantine)", async () => {
    const { client } = await loggedIn()
    const rows = await client.json<{ rows: unknown[] }>(
      '/api/ui/antivirus/data?route=%2Fdashboard%2Fquarantine',
    )
    expect(rows.rows).toEqual([])
    const missing = await client.request('POST', '/api/ui/antivirus/call', {
      route: '/dashboard/quarantine/g1/nope',
      method: 'DELETE',
    })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ message: 'No record nope (expired?).' })
    const undeclared = await client.request('POST', '/api/ui/antivirus/call', {
      route: '/dashboard/quarantine',
      method: 'DELETE',
    })
    expect(undeclared.status).toBe(404)
    expect(await undeclared.json()).toMatchObject({ error: expect.stringContaining('declares no DELETE') })
    const allow = await client.request('POST', '/api/ui/antivirus/call', {
      route: '/dashboard/allowlists',
      method: 'POST',
      body: { guildId: 'g1', domain: 'com' },
    })
    expect(allow.status).toBe(400)
    expect(await allow.json()).toMatchObject({ issues: [{ path: 'domain' }] })
  })
})
