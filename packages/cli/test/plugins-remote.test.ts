import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPluginsRemote } from '../src/cli/plugins-remote.js'
import { type App, createApp } from '../src/runtime/create-app.js'
import { finished, recordingIo, spawnCli, tempDir } from './helpers.js'

const TOKEN = 'remote-admin-token-456'
const t = tempDir({
  'banter.config.yaml': [
    'storage: memory',
    'http:',
    '  port: 0',
    `  adminToken: ${TOKEN}`,
    'plugins:',
    '  timestamp: {}',
    'log:',
    '  level: silent',
  ].join('\n'),
})
let app: App
let url: string
const input = new PassThrough()
const output = new PassThrough()
let text = ''
output.on('data', (chunk) => {
  text += String(chunk)
})

async function say(line: string): Promise<string> {
  const from = text.length
  input.write(`${line}\n`)
  for (let i = 0; i < 100 && !text.slice(from).includes('\n'); i++)
    await new Promise((r) => setTimeout(r, 20))
  return text.slice(from).trim()
}

beforeAll(async () => {
  app = await createApp({ config: t.path('banter.config.yaml'), input, output, env: {} })
  await app.start()
  url = app.http?.url as string
})
afterAll(async () => {
  await app.stop('tests done')
  t.cleanup()
})

describe('banter plugins ... against a running bot', () => {
  it('`banter plugins disable timestamp --url ...`: the next reply is unstamped', async () => {
    expect(await say('!ping')).toMatch(/^bot> \[.+\] pong$/)
    const child = spawnCli(['plugins', 'disable', 'timestamp', '--url', url], {
      env: { BANTER_ADMIN_TOKEN: TOKEN },
    })
    const { code, stdout, stderr } = await finished(child)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim()).toBe('timestamp: disabled')
    expect(await say('!ping')).toBe('bot> pong')
  }, 30_000)

  it('enables, sets an option, lists, and reads the audit log; refuses a bad value with its path', async () => {
    const io = recordingIo()
    const env = { BANTER_ADMIN_TOKEN: TOKEN }
    expect(await runPluginsRemote('enable', ['timestamp'], { url, config: 'x' }, io, env)).toBe(0)
    expect(
      await runPluginsRemote('set', ['timestamp', 'format', 'HH:mm'], { url, config: 'x' }, io, env),
    ).toBe(0)
    expect(io.out_).toContain('timestamp.format = "HH:mm" (hook)')
    expect(await say('!ping')).toMatch(/^bot> \[\d\d:\d\d\] pong$/)
    expect(
      await runPluginsRemote('set', ['timestamp', 'position', 'middle'], { url, config: 'x' }, io, env),
    ).toBe(1)
    expect(io.err_.join('\n')).toMatch(/400[\s\S]*position: /)
    expect(await runPluginsRemote('list', [], { url, config: 'x' }, io, env)).toBe(0)
    expect(io.out_.join('\n')).toMatch(/timestamp\s+0\.1\.0\s+active/)
    expect(await runPluginsRemote('audit', [], { url, config: 'x' }, io, env)).toBe(0)
    expect(io.out_.join('\n')).toMatch(/configure timestamp ok/)
    expect(await runPluginsRemote('stats', [], { url, config: 'x' }, io, env)).toBe(0)
    expect(io.out_.join('\n')).toMatch(/most used:\n {2}ping: [1-9]\d* calls, 0 errors/)
  })

  it('`banter plugins scope timestamp off --channel console`: unstamped there until cleared', async () => {
    const io = recordingIo()
    const env = { BANTER_ADMIN_TOKEN: TOKEN }
    const opts = { url, config: 'x', channel: 'console' }
    expect(await runPluginsRemote('scope', ['timestamp', 'off'], opts, io, env)).toBe(0)
    expect(io.out_).toContain('timestamp is off in channel console')
    expect(await say('!ping')).toBe('bot> pong')
    expect(await runPluginsRemote('scope', ['timestamp', 'clear'], opts, io, env)).toBe(0)
    expect(await say('!ping')).toMatch(/^bot> \[.+\] pong$/)
  })

  it('finds the bot through the config http section, and fails clearly without a token', async () => {
    const port = new URL(url).port
    const c = tempDir({ 'banter.config.yaml': `http:\n  port: ${port}\n  adminToken: ${TOKEN}\n` })
    const io = recordingIo()
    expect(await runPluginsRemote('list', [], { config: c.path('banter.config.yaml') }, io, {})).toBe(0)
    expect(io.out_.join('\n')).toContain('timestamp')
    expect(await runPluginsRemote('list', [], { url, config: 'x' }, io, {})).toBe(1)
    expect(io.err_.join('\n')).toMatch(/401[\s\S]*BANTER_ADMIN_TOKEN/)
    c.cleanup()
  })
})
