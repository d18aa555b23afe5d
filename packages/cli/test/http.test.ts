import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../src/runtime/create-app.js'
import { tempDir } from './helpers.js'

const fixture = new URL('./fixtures/web-plugin.ts', import.meta.url).pathname
const t = tempDir({
  'banter.config.yaml': [
    'storage: memory',
    'http:',
    '  port: 0',
    '  adminToken: test-admin-token',
    'required: [timestamp]',
    'plugins:',
    '  timestamp: {}',
    `  ${fixture}: {}`,
    'log:',
    '  level: silent',
  ].join('\n'),
})
let app: App
let base: string
const input = new PassThrough()
const auth = { authorization: 'Bearer test-admin-token' }

beforeAll(async () => {
  app = await createApp({ config: t.path('banter.config.yaml'), input, output: new PassThrough() })
  await app.start()
  base = app.http?.url as string
})
afterAll(async () => {
  await app.stop('tests done')
  t.cleanup()
})

describe('HTTP', () => {
  it('/healthz answers while the bot runs', async () => {
    const res = await fetch(`${base}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', bot: 'running' })
  })

  it('/readyz is 200 when required plugins are active and 503 when one is down', async () => {
    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ ready: true, plugins: { timestamp: 'active', web: 'active' } })
    await app.bot.plugins.disable('timestamp')
    const down = await fetch(`${base}/readyz`)
    expect(down.status).toBe(503)
    expect(await down.json()).toMatchObject({ ready: false, plugins: { timestamp: 'disabled' } })
    await app.bot.plugins.enable('timestamp')
  })

  it('/metrics exposes messages and per-plugin counters in Prometheus text', async () => {
    input.write('!ping\n')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).toMatch(/^banter_messages_received_total [1-9]/m)
    expect(text).toMatch(/^banter_messages_sent_total [1-9]/m)
    expect(text).toMatch(/^banter_plugin_calls_total\{plugin="timestamp"\} [1-9]/m)
    expect(text).toMatch(/^banter_plugin_active\{plugin="web"\} 1/m)
    expect(text).toMatch(
      /^banter_command_duration_seconds_count\{command="ping",plugin="core",ok="true"\} 1/m,
    )
    expect(text).toContain('# TYPE banter_plugin_errors_total gauge')
  })

  it('/api/plugins needs the admin token', async () => {
    expect((await fetch(`${base}/api/plugins`)).status).toBe(401)
    expect(
      (await fetch(`${base}/api/plugins`, { headers: { authorization: 'Bearer wrong-token-xx' } })).status,
    ).toBe(401)
    const res = await fetch(`${base}/api/plugins`, { headers: auth })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { plugins: { name: string; status: string }[] }
    expect(body.plugins.map((p) => p.name)).toEqual(['timestamp', 'web'])
  })

  it('/api/plugins/:name/disable and /enable change a plugin at run time', async () => {
    const off = await fetch(`${base}/api/plugins/timestamp/disable`, { method: 'POST', headers: auth })
    expect(((await off.json()) as { plugin: { status: string } }).plugin.status).toBe('disabled')
    expect(app.bot.plugins.get('timestamp')?.status).toBe('disabled')
    const on = await fetch(`${base}/api/plugins/timestamp/enable`, { method: 'POST', headers: auth })
    expect(((await on.json()) as { plugin: { status: string } }).plugin.status).toBe('active')
    expect((await fetch(`${base}/api/plugins/ghost/enable`, { method: 'POST', headers: auth })).status).toBe(
      404,
    )
    expect(
      (await fetch(`${base}/api/plugins/timestamp/explode`, { method: 'POST', headers: auth })).status,
    ).toBe(404)
  })

  it('serves plugin routes under /plugins/<name>/ with params, query, auth and errors', async () => {
    expect(await (await fetch(`${base}/plugins/web/hello/ada?q=1`)).json()).toEqual({ hello: 'ada', q: '1' })
    expect(
      (
        await fetch(`${base}/plugins/web/echo`, {
          method: 'POST',
          body: '{"a":1}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(401)
    const echo = await fetch(`${base}/plugins/web/echo`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', ...auth },
    })
    expect(echo.status).toBe(201)
    expect(await echo.json()).toEqual({ got: { a: 1 } })
    const broken = await fetch(`${base}/plugins/web/broken`)
    expect(broken.status).toBe(500)
    expect(await broken.json()).toMatchObject({ error: 'plugin "web" failed to answer' })
    expect((await fetch(`${base}/plugins/web/nothing`)).status).toBe(404)
    expect(await (await fetch(`${base}/plugins/web/raw/x/y?z=1`)).text()).toBe('raw /x/y?z=1')
  })

  it('routes disappear with their plugin', async () => {
    await app.bot.plugins.disable('web')
    expect((await fetch(`${base}/plugins/web/hello/ada`)).status).toBe(404)
    await app.bot.plugins.enable('web')
    expect((await fetch(`${base}/plugins/web/hello/ada`)).status).toBe(200)
  })

  it('binds to 127.0.0.1 by default', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})

describe('admin API without a token', () => {
  it('is refused with a hint to set http.adminToken', async () => {
    const t2 = tempDir({ 'banter.config.yaml': 'storage: memory\nhttp:\n  port: 0\nlog:\n  level: silent\n' })
    const other = await createApp({
      config: t2.path('banter.config.yaml'),
      input: new PassThrough(),
      output: new PassThrough(),
    })
    await other.start()
    const res = await fetch(`${other.http?.url}/api/plugins`, { headers: auth })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ hint: 'Set http.adminToken in banter.config.yaml.' })
    await other.stop('done')
    t2.cleanup()
  })
})
