import { type BotEvents, createBot, STOP } from '@banter/core'
import { createTestBot, TestAdapter, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

const busy = makePlugin({
  name: 'busy',
  permissions: ['messages:read', 'messages:send', 'http'],
  init: (ctx) => {
    ctx.events.on('message.received', () => {})
    ctx.events.on(['plugin.loaded', 'plugin.unloaded'], () => {})
    ctx.events.once('bot.stopping', () => {})
    ctx.commands.register({ name: 'one', description: 'one', handler: () => {} })
    ctx.commands.register({ name: 'two', description: 'two', aliases: ['deux'], handler: () => {} })
    ctx.timers.setInterval(() => {}, 1000)
    ctx.timers.setTimeout(() => {}, 60_000)
    ctx.http.route({ method: 'GET', path: '/status', handler: () => ({ body: 'ok' }) })
    ctx.services.provide('ai', {
      generate: async () => ({ text: '', finishReason: 'stop', model: 'x' }),
      stream: async function* () {},
    })
  },
})

describe('lifecycle', () => {
  it('unload leaves zero listeners, commands, timers, routes and services', async () => {
    bot = await createTestBot()
    const before = {
      listeners: bot.events.listenerCount(),
      commands: bot.commands.size,
      timers: bot.bot.timers.active,
      routes: bot.bot.http.size,
    }
    await bot.plugins.load(busy)
    expect(bot.events.listenerCount() - before.listeners).toBe(4)
    expect(bot.commands.size - before.commands).toBe(2)
    expect(bot.bot.timers.active - before.timers).toBe(2)
    expect(bot.bot.http.size - before.routes).toBe(1)
    expect(bot.bot.services.names()).toEqual(['ai'])
    expect(bot.clock.pending).toBeGreaterThanOrEqual(2)
    await bot.plugins.unload('busy')
    expect(bot.events.listenerCount()).toBe(before.listeners)
    expect(bot.commands.size).toBe(before.commands)
    expect(bot.commands.find('deux')).toBeUndefined()
    expect(bot.bot.timers.active).toBe(before.timers)
    expect(bot.bot.http.size).toBe(before.routes)
    expect(bot.bot.services.names()).toEqual([])
    expect(bot.plugins.get('busy')).toBeUndefined()
  })

  it('walks the statuses and emits lifecycle events', async () => {
    bot = await createTestBot()
    const events: string[] = []
    const names = ['plugin.loaded', 'plugin.enabled', 'plugin.disabled', 'plugin.unloaded'] as const
    bot.events.on(names, (e: BotEvents[(typeof names)[number]]) => {
      events.push(`${'version' in e ? 'loaded' : 'reason' in e ? 'disabled' : 'other'}:${e.name}`)
    })
    const [info] = await bot.plugins.load(makePlugin({ name: 'walker' }))
    expect(info?.status).toBe('active')
    expect((await bot.plugins.disable('walker')).status).toBe('disabled')
    expect((await bot.plugins.enable('walker')).status).toBe('active')
    await bot.plugins.unload('walker')
    expect(events).toEqual([
      'loaded:walker',
      'other:walker',
      'disabled:walker',
      'other:walker',
      'disabled:walker',
      'other:walker',
    ])
  })

  it('reload re-creates the instance and keeps the plugin working', async () => {
    let inits = 0
    bot = await createTestBot({
      plugins: [
        makePlugin({
          name: 'counter',
          init: (ctx) => {
            inits += 1
            ctx.commands.register({
              name: 'count',
              description: 'count',
              handler: ({ reply }) => reply(String(inits)).then(() => undefined),
            })
          },
        }),
      ],
    })
    await bot.plugins.reload('counter')
    expect(inits).toBe(2)
    expect((await bot.receive('!count')).map((r) => r.content)).toEqual(['2'])
  })

  it('run(signal) starts after initialize and is aborted on disable', async () => {
    const seen: string[] = []
    class Runner extends makePlugin({ name: 'runner' }) {
      override async run(signal: AbortSignal) {
        seen.push('started')
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
        seen.push('aborted')
      }
    }
    bot = await createTestBot({ plugins: [Runner] })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(seen).toEqual(['started'])
    await bot.plugins.disable('runner')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(seen).toEqual(['started', 'aborted'])
  })

  it('a stopped plugin context refuses late calls', async () => {
    let saved: import('@banter/core').PluginContext | undefined
    const keep = (ctx: import('@banter/core').PluginContext) => {
      saved = ctx
    }
    bot = await createTestBot({ plugins: [makePlugin({ name: 'late', init: keep })] })
    await bot.plugins.disable('late')
    expect(saved?.signal.aborted).toBe(true)
    expect(() => saved?.commands.register({ name: 'zombie', description: 'z', handler: () => {} })).toThrow(
      /plugin "late" is stopped/,
    )
    await expect(saved?.messages.send('general', 'hi')).rejects.toThrow(/is stopped/)
  })

  it('refuses messages before start and after stop, and malformed messages, without crashing', async () => {
    const adapter = new TestAdapter()
    const raw = createBot({
      adapter,
      plugins: [],
      logger: (await import('@banter/core')).createLogger({ level: 'silent' }),
    })
    await expect(raw.receive({} as never)).rejects.toMatchObject({ code: 'BOT_STOPPED' })
    await raw.start()
    await expect(raw.receive({ id: 'x', channelId: 'c', content: 42 } as never)).rejects.toMatchObject({
      code: 'MESSAGE_INVALID',
      message: expect.stringContaining('`content` must be a string'),
    })
    const result = await raw.receive({
      id: 'ok',
      channelId: 'c',
      content: 'hi',
      author: { id: 'u', name: 'u', bot: false },
      attachments: [],
      mentions: { users: [], roles: [], everyone: false, bot: false },
      timestamp: 0,
      platform: 'test',
    })
    expect(result.message?.content).toBe('hi')
    await raw.stop()
    await expect(raw.receive(result.message as never)).rejects.toMatchObject({ code: 'BOT_STOPPED' })
  })

  it('stop lets messages in flight finish and stops plugins in reverse dependency order', async () => {
    const order: string[] = []
    let finished = false
    const slow = makePlugin({
      name: 'slow',
      permissions: ['messages:read'],
      inbound: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30))
        finished = true
      },
      destroy: () => void order.push('slow'),
    })
    const dependent = makePlugin({
      name: 'dependent',
      dependencies: { slow: '*' },
      destroy: () => void order.push('dependent'),
    })
    const local = await createTestBot({ plugins: [slow, dependent], clock: 'real' })
    const pending = local.receive('hi')
    await local.stop()
    expect(finished).toBe(true)
    await pending
    expect(order).toEqual(['dependent', 'slow'])
  })

  it('STOP from the inbound pipeline drops the message before listeners and commands', async () => {
    const heard: string[] = []
    const guard = makePlugin({
      name: 'gate',
      permissions: ['messages:read', 'messages:transform'],
      inbound: (message) => (message.content.includes('secret') ? STOP : undefined),
    })
    const listener = makePlugin({
      name: 'ear',
      permissions: ['messages:read'],
      init: (ctx) =>
        void ctx.events.on('message.received', ({ message }) => void heard.push(message.content)),
    })
    bot = await createTestBot({ plugins: [guard, listener] })
    const result = await bot.bot.receive({
      ...(await import('@banter/core')).createMessage({ content: '!ping secret' }),
    })
    expect(result).toEqual({ message: undefined, stoppedBy: 'gate' })
    await bot.receive('public')
    expect(heard).toEqual(['public'])
    expect(bot.sent).toEqual([])
  })
})

describe('the context is made as the plugin uses it', () => {
  it('a signal first asked for after the plugin stopped is already aborted; functions work detached', async () => {
    let kept: import('@banter/core').PluginContext | undefined
    const quiet = makePlugin({
      name: 'quiet',
      permissions: ['messages:read'],
      init: (ctx) => {
        kept = ctx
      },
    })
    bot = await createTestBot({ plugins: [quiet] })
    const ctx = kept as import('@banter/core').PluginContext
    const { can, hasAccess, configFor } = ctx
    expect(can('messages:read')).toBe(true)
    expect(can('messages:send')).toBe(false)
    expect(typeof hasAccess).toBe('function')
    expect(configFor({ channelId: 'c1' })).toEqual(ctx.config)
    expect(ctx.logger).toBe(ctx.logger)
    await bot.plugins.unload('quiet')
    expect(ctx.signal.aborted).toBe(true)
    expect(() => ctx.events.on('bot.stopping', () => {})).toThrow(/stopped/)
  })
})
