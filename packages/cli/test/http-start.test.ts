import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { bindHttpPort } from '../src/http/bound-port.js'
import { type App, createApp } from '../src/runtime/create-app.js'
import { tempDir } from './helpers.js'

let app: App | undefined
let dir: ReturnType<typeof tempDir> | undefined
afterEach(async () => {
  await app?.stop('test done')
  app = undefined
  dir?.cleanup()
  dir = undefined
})

describe('the HTTP server starts after the bot is ready', () => {
  it('binds the port first and answers 503 until the full server serves', async () => {
    const bound = await bindHttpPort('127.0.0.1', 0)
    try {
      expect(bound.url).toBe(`http://127.0.0.1:${bound.port}`)
      const early = await fetch(`${bound.url}/readyz`)
      expect(early.status).toBe(503)
      expect(early.headers.get('retry-after')).toBe('1')
      expect(await early.json()).toMatchObject({ ready: false, bot: 'starting' })
      bound.serve((_request, response) => response.end('served'))
      const later = await fetch(`${bound.url}/readyz`)
      expect(later.status).toBe(200)
      expect(await later.text()).toBe('served')
    } finally {
      await bound.close()
    }
    await expect(fetch(`${bound.url}/readyz`)).rejects.toThrow()
  })

  it('a taken port fails with the same error as before', async () => {
    const first = await bindHttpPort('127.0.0.1', 0)
    try {
      await expect(bindHttpPort('127.0.0.1', first.port, 'http.port in test.yaml:2:3')).rejects.toMatchObject(
        {
          code: 'BOT_HTTP_ADDRESS_IN_USE',
        },
      )
    } finally {
      await first.close()
    }
  })

  it('counts in /metrics the plugin failures of the start, before prom-client was loaded', async () => {
    dir = tempDir({
      'banter.config.yaml': [
        'storage: memory',
        'http:',
        '  port: 0',
        'plugins:',
        "  openai: { apiKey: '', baseURL: '' }",
        'log:',
        '  level: silent',
      ].join('\n'),
    })
    app = await createApp({
      config: dir.path('banter.config.yaml'),
      input: new PassThrough(),
      output: new PassThrough(),
    })
    await app.start()
    const ready = await fetch(`${app.http?.url}/readyz`)
    expect(ready.status).toBe(200)
    const metrics = await (await fetch(`${app.http?.url}/metrics`)).text()
    expect(metrics).toMatch(
      /banter_plugin_failures_total\{plugin="openai",hook="initialize",code="OPENAI_NOT_CONFIGURED"\} 1/,
    )
  })
})
