import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMessage } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from './helpers.js'

type Outcome = { ok: true; value: string } | { ok: false; error: string; code?: string }

function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler)
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  )
}

describe('escape attempts from an isolate', () => {
  let bot: TestBot
  let allowed: { server: Server; url: string }
  let denied: { server: Server; url: string }
  const deniedHits: string[] = []
  const report: { results?: Record<string, Outcome> } = {}
  const coreEvents: unknown[] = []

  beforeAll(async () => {
    denied = await serve((req, res) => {
      deniedHits.push(req.url ?? '')
      res.end('secret from an unlisted host')
    })
    allowed = await serve((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `${denied.url}/via-redirect` }).end()
        return
      }
      res.end('ok')
    })
    const escaper = fixture('escape.ts')
    bot = await createTestBot({
      plugins: [
        fixture('vault.ts'),
        [
          escaper,
          {
            allowed: `${allowed.url}/ok`,
            denied: `${denied.url}/secret`,
            redirect: `${allowed.url}/redirect`,
          },
        ],
      ],
      config: {
        sandbox: { [escaper]: { isolation: 'isolate', network: [new URL(allowed.url).host] } },
      },
      clock: 'real',
    })
    bot.events.on(
      'escape.report' as never,
      ((payload: Record<string, Outcome>) => {
        report.results = payload
      }) as never,
    )
    bot.events.on('plugin.disabled', (payload) => {
      coreEvents.push(payload)
    })
    expect(bot.plugins.get('escape')?.status).toBe('active')
    await bot.receive('!escape')
  }, 60_000)

  afterAll(async () => {
    await bot?.stop()
    allowed?.server.close()
    denied?.server.close()
  })

  const outcome = (name: string): Outcome => {
    const found = report.results?.[name]
    if (!found) throw new Error(`no outcome for ${name}: ${JSON.stringify(report)}`)
    return found
  }

  it('has no process and no require', () => {
    expect(outcome('process')).toMatchObject({ ok: false })
    expect(outcome('require')).toMatchObject({ ok: false })
    expect(outcome('typeofProcess')).toEqual({ ok: true, value: 'undefined' })
    expect(outcome('typeofRequire')).toEqual({ ok: true, value: 'undefined' })
  })

  it('cannot import node:fs, statically or by a computed name', () => {
    expect(outcome('importFs')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not available in an isolate'),
    })
    expect(outcome('importFsDynamic')).toMatchObject({ ok: false })
  })

  it('cannot reach process or import() through the Function constructor', () => {
    expect(outcome('functionConstructor')).toMatchObject({
      ok: false,
      error: expect.stringContaining('process'),
    })
    expect(outcome('functionImport')).toMatchObject({ ok: false })
  })

  it('reaches only listed hosts, redirects included, and has no global fetch', () => {
    expect(outcome('fetchAllowed')).toEqual({ ok: true, value: 'ok' })
    expect(outcome('fetchDenied')).toMatchObject({ ok: false, code: 'SANDBOX_NETWORK_DENIED' })
    expect(outcome('fetchRedirect')).toMatchObject({ ok: false, code: 'SANDBOX_NETWORK_DENIED' })
    expect(outcome('globalFetch')).toMatchObject({ ok: false })
    expect(deniedHits).toEqual([])
  })

  it("cannot read another plugin's storage", async () => {
    expect(outcome('otherStorage')).toEqual({ ok: true, value: '[]' })
    expect(await bot.bot.storage.namespace('vault').get('secret')).toBe('the-vault-secret')
  })

  it('cannot emit core events or events of other plugins, only its own', () => {
    expect(outcome('emitCore')).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED' })
    expect(outcome('emitOther')).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED' })
    expect(outcome('emitOwn')).toMatchObject({ ok: true })
    expect(coreEvents).toEqual([])
    expect(bot.plugins.get('vault')?.status).toBe('active')
  })

  it('cannot send or reply without messages:send', () => {
    expect(outcome('send')).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' })
    expect(outcome('reply')).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' })
    expect(bot.sent.map((m) => m.content).filter((c) => c.includes('without permission'))).toEqual([])
  })

  it('cannot pollute prototypes of the host through values it stores', async () => {
    expect(outcome('pollutedStorage')).toMatchObject({ ok: true })
    const stored = await bot.bot.storage.namespace('escape').get('poison')
    expect(stored).toEqual({ a: 1 })
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).storagePolluted).toBeUndefined()
  })

  it('cannot pollute prototypes of the host through the messages it is given or returns', async () => {
    const result = await bot.bot.receive(createMessage({ content: 'pollute' }, Date.now()))
    const message = result.message as unknown as Record<string, unknown>
    expect(message.content).toBe('changed')
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype)
    expect(Object.hasOwn(message, '__proto__')).toBe(false)
    expect(Object.hasOwn(message, 'constructor')).toBe(false)
    const probe = {} as Record<string, unknown>
    for (const key of ['polluted', 'protoPolluted', 'ctorPolluted', 'returnPolluted', 'ctorReturn']) {
      expect(probe[key], key).toBeUndefined()
    }
    expect(([] as unknown as Record<string, unknown>).arrayPolluted).toBeUndefined()
    expect(({ ...(message.author as object) } as Record<string, unknown>).ctorPolluted).toBeUndefined()
  })
})
