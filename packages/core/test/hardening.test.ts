import { type ChatAdapter, createBot, createLogger, type PluginContext } from '@banter/core'
import { createTestBot, TestAdapter, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

function withManifest<Cls extends { manifest: object }>(cls: Cls, extra: object): Cls {
  Object.assign(cls, { manifest: { ...cls.manifest, ...extra } })
  return cls
}

describe('fail-closed plugins', () => {
  it('a failing or hanging hook of a failClosed plugin stops the message instead of passing it', async () => {
    let mode: 'throw' | 'hang' | 'ok' = 'throw'
    const heard: string[] = []
    const scanner = withManifest(
      makePlugin({
        name: 'scanner',
        permissions: ['messages:read', 'messages:transform'],
        inbound: () => {
          if (mode === 'throw') throw new Error('scanner down')
          if (mode === 'hang') return new Promise<undefined>(() => {})
          return undefined
        },
      }),
      { failClosed: true, priority: 1000, hookTimeoutMs: 1000 },
    )
    const ear = makePlugin({
      name: 'ear',
      permissions: ['messages:read'],
      init: (ctx) =>
        void ctx.events.on('message.received', ({ message }) => void heard.push(message.content)),
    })
    bot = await createTestBot({ plugins: [scanner, ear] })
    expect(
      await bot.bot.receive((await import('@banter/core')).createMessage({ content: 'a' })),
    ).toMatchObject({ stoppedBy: 'scanner' })
    mode = 'hang'
    const pending = bot.receive('b')
    await bot.clock.tickAsync(1100) // the plugin's own hookTimeoutMs, not the bot's 5 s
    await pending
    mode = 'ok'
    await bot.receive('c')
    expect(heard).toEqual(['c'])
  })

  it('the circuit breaker never turns a failClosed plugin off', async () => {
    const scanner = withManifest(
      makePlugin({
        name: 'scanner',
        permissions: ['messages:read', 'messages:transform'],
        inbound: () => {
          throw new Error('always down')
        },
      }),
      { failClosed: true },
    )
    bot = await createTestBot({ plugins: [scanner] })
    for (let i = 0; i < 7; i++) await bot.receive(`m${i}`)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(bot.plugins.get('scanner')?.status).toBe('active')
    expect(bot.logs.some((l) => String(l.msg).includes('it fails closed, so it stays on'))).toBe(true)
  })
})

describe('mentions as a prefix', () => {
  it('runs "@bot ping" and "@bot !ping" as commands when the bot is mentioned', async () => {
    bot = await createTestBot()
    const mentioned = (content: string) => bot?.receive({ content, mentions: { bot: true, users: ['42'] } })
    expect((await mentioned('<@42> ping'))?.map((r) => r.content)).toEqual(['pong'])
    expect((await mentioned('<@!42> !ping'))?.map((r) => r.content)).toEqual(['pong'])
    expect(await bot.receive('<@42> ping')).toEqual([])
    expect(await mentioned('<@42> what is the weather')).toEqual([])
  })
})

describe('background work and shutdown', () => {
  it('ctx.background is awaited by settle() and stop(), and its failure is counted', async () => {
    let finished = false
    let saved: PluginContext | undefined
    const worker = makePlugin({
      name: 'worker',
      init: (ctx) => {
        saved = ctx
      },
    })
    const local = await createTestBot({ plugins: [worker], clock: 'real' })
    void saved?.background(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50))
      finished = true
    })
    void saved?.background(Promise.reject(new Error('lost work')), 'upload')
    await local.settle()
    expect(finished).toBe(true)
    expect(local.plugins.get('worker')?.stats.errors).toBe(1)
    finished = false
    void saved?.background(new Promise((resolve) => setTimeout(resolve, 50)).then(() => (finished = true)))
    await local.stop()
    expect(finished).toBe(true)
  })

  it('destroy() runs while the context still works, so a plugin can say goodbye', async () => {
    class Polite extends makePlugin({ name: 'polite' }) {
      override async destroy() {
        await this.ctx.messages.send('general', 'goodbye')
      }
    }
    const local = await createTestBot({ plugins: [Polite] })
    await local.plugins.disable('polite')
    expect(local.sent.map((m) => m.content)).toEqual(['goodbye'])
    await local.stop()
  })
})

describe('adapter faults', () => {
  it('an adapter that fails to start leaves nothing running and keeps its error', async () => {
    const destroyed: string[] = []
    const adapter: ChatAdapter = {
      platform: 'broken',
      start: async () => {
        throw new Error('cannot connect: bad token')
      },
      stop: async () => {},
      send: async () => ({ id: 'x' }),
      edit: async () => {},
      delete: async () => {},
      react: async () => {},
    }
    const raw = createBot({
      adapter,
      plugins: [makePlugin({ name: 'p', destroy: () => void destroyed.push('p') })],
      logger: createLogger({ level: 'silent' }),
    })
    await expect(raw.start()).rejects.toMatchObject({
      code: 'ADAPTER_FAILED',
      message: expect.stringContaining('cannot connect: bad token'),
    })
    expect(raw.status).toBe('stopped')
    expect(destroyed).toEqual(['p'])
    expect(raw.plugins.get('p')?.status).toBe('disabled')
  })

  it('isReady follows the adapter connection', async () => {
    const adapter = new TestAdapter()
    const raw = createBot({ adapter, logger: createLogger({ level: 'silent' }) })
    await raw.start()
    expect(raw.isReady()).toBe(true)
    Object.defineProperty(adapter, 'connected', { value: false })
    expect(raw.isReady()).toBe(false)
    await raw.stop()
  })

  it('ctx.hasAccess answers from the access configuration', async () => {
    let check: ((id: string, roles?: string[]) => boolean) | undefined
    const p = makePlugin({
      name: 'p',
      init: (ctx) => {
        check = (id, roles) =>
          ctx.hasAccess({ id, name: id, bot: false, ...(roles ? { roles } : {}) }, ['moderator'])
      },
    })
    bot = await createTestBot({
      plugins: [p],
      config: { access: { moderator: { roles: ['Mods'] }, admin: { users: ['boss'] } } },
    })
    expect([check?.('x'), check?.('y', ['Mods']), check?.('boss')]).toEqual([false, true, true])
  })
})
