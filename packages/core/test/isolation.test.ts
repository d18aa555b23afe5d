import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin, replier } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

const thrower = makePlugin({
  name: 'thrower',
  permissions: ['messages:read'],
  inbound: () => {
    throw new Error('boom (sync)')
  },
})
const rejecter = makePlugin({
  name: 'rejecter',
  permissions: ['messages:read'],
  inbound: async () => {
    throw new Error('boom (async)')
  },
})
const hanger = makePlugin({
  name: 'hanger',
  permissions: ['messages:read'],
  inbound: () => new Promise<undefined>(() => {}),
})

describe('isolation', () => {
  it('a throwing, a rejecting and a hanging plugin do not stop a healthy one from answering', async () => {
    bot = await createTestBot({ plugins: [thrower, rejecter, hanger, replier('healthy')] })
    const errors: string[] = []
    bot.events.on('plugin.error', ({ name, timedOut }) => {
      errors.push(`${name}:${timedOut ? 'timeout' : 'error'}`)
    })
    const pending = bot.receive('!healthy')
    // The hanging hook is abandoned after the 5 s hook timeout, on the bot's (fake) clock.
    await bot.clock.tickAsync(5_100)
    const replies = await pending
    expect(replies.map((r) => r.content)).toEqual(['healthy ok'])
    expect(errors.sort()).toEqual(['hanger:timeout', 'rejecter:error', 'thrower:error'])
    const stats = Object.fromEntries(bot.plugins.list().map((p) => [p.name, p.stats]))
    expect(stats.thrower?.errors).toBe(1)
    expect(stats.rejecter?.errors).toBe(1)
    expect(stats.hanger?.timeouts).toBe(1)
    expect(bot.plugins.list().every((p) => p.status === 'active')).toBe(true)
    const logged = bot.logs.filter((l) => l.level >= 50).map((l) => l.plugin)
    expect(logged).toEqual(expect.arrayContaining(['thrower', 'rejecter', 'hanger']))
  })

  it('abandons a hanging command handler and tells the user', async () => {
    const stuck = makePlugin({
      name: 'stuck',
      init: (ctx) => {
        ctx.commands.register({
          name: 'stuck',
          description: 'never ends',
          handler: () => new Promise(() => {}),
        })
      },
    })
    bot = await createTestBot({ plugins: [stuck], config: { timeouts: { hookMs: 1000 } } })
    const pending = bot.receive('!stuck')
    await bot.clock.tickAsync(1_100)
    const replies = await pending
    expect(replies.map((r) => r.content)).toEqual(["Sorry, `!stuck` failed. The bot's log says why."])
    expect(bot.plugins.get('stuck')?.stats.timeouts).toBe(1)
  })

  it('a throwing event listener does not reach the other listeners', async () => {
    const seen: string[] = []
    const bad = makePlugin({
      name: 'bad-listener',
      permissions: ['messages:read'],
      init: (ctx) => {
        ctx.events.on('message.received', () => {
          throw new Error('listener boom')
        })
      },
    })
    const good = makePlugin({
      name: 'good-listener',
      permissions: ['messages:read'],
      init: (ctx) => {
        ctx.events.on('message.received', ({ message }) => {
          seen.push(message.content)
        })
      },
    })
    bot = await createTestBot({ plugins: [bad, good] })
    await bot.receive('hello')
    expect(seen).toEqual(['hello'])
    expect(bot.plugins.get('bad-listener')?.stats.errors).toBe(1)
  })

  it('a plugin whose initialize fails is in error; the bot and the others run', async () => {
    const broken = makePlugin({
      name: 'broken',
      init: () => {
        throw new Error('cannot connect')
      },
    })
    bot = await createTestBot({ plugins: [broken, replier('fine')] })
    expect(bot.plugins.get('broken')).toMatchObject({
      status: 'error',
      error: { code: 'INITIALIZE_FAILED', message: 'plugin "broken" failed to initialize: cannot connect' },
    })
    expect((await bot.receive('!fine')).map((r) => r.content)).toEqual(['fine ok'])
  })

  it('an initialize that hangs is abandoned after its timeout and leaves nothing registered', async () => {
    let release: (() => void) | undefined
    const slow = makePlugin({
      name: 'slow-init',
      init: async (ctx) => {
        await new Promise<void>((resolve) => {
          release = resolve
        })
        ctx.commands.register({ name: 'late', description: 'registered too late', handler: () => {} })
      },
    })
    bot = await createTestBot({ config: { timeouts: { initializeMs: 2000 } } })
    const loading = bot.plugins.load(slow)
    await bot.clock.tickAsync(2100)
    await loading
    expect(bot.plugins.get('slow-init')).toMatchObject({ status: 'error', error: { code: 'HOOK_TIMEOUT' } })
    release?.()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(bot.commands.list().map((c) => c.name)).not.toContain('late')
  })
})

describe('circuit breaker', () => {
  it('disables a plugin after 5 failures in a row and says why', async () => {
    const flaky = makePlugin({
      name: 'flaky',
      init: (ctx) => {
        ctx.commands.register({
          name: 'flaky',
          description: 'always fails',
          handler: () => {
            throw new Error('still broken')
          },
        })
      },
    })
    bot = await createTestBot({ plugins: [flaky] })
    const disabled: { name: string; reason: string; code?: string }[] = []
    bot.events.on('plugin.disabled', (e) => {
      disabled.push(e)
    })
    for (let i = 0; i < 5; i++) await bot.receive('!flaky')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(disabled).toHaveLength(1)
    expect(disabled[0]).toMatchObject({ name: 'flaky', code: 'CIRCUIT_OPEN' })
    expect(disabled[0]?.reason).toMatch(
      /disabled after 5 failures in a row \(last: command:flaky: still broken\)/,
    )
    expect(bot.plugins.get('flaky')).toMatchObject({ status: 'disabled', error: { code: 'CIRCUIT_OPEN' } })
    // The command is gone with the plugin: the message is now ignored.
    expect(await bot.receive('!flaky')).toEqual([])
  })

  it('a success resets the count, and the threshold is configurable', async () => {
    let fail = true
    const sometimes = makePlugin({
      name: 'sometimes',
      init: (ctx) => {
        ctx.commands.register({
          name: 'try',
          description: 'fails while fail is set',
          handler: ({ reply }) => {
            if (fail) throw new Error('nope')
            return reply('ok').then(() => undefined)
          },
        })
      },
    })
    bot = await createTestBot({ plugins: [sometimes], config: { circuitBreaker: { threshold: 3 } } })
    await bot.receive('!try')
    await bot.receive('!try')
    fail = false
    await bot.receive('!try')
    fail = true
    await bot.receive('!try')
    await bot.receive('!try')
    expect(bot.plugins.get('sometimes')?.status).toBe('active')
    await bot.receive('!try')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(bot.plugins.get('sometimes')?.status).toBe('disabled')
    const info = await bot.plugins.enable('sometimes')
    expect(info.status).toBe('active')
    fail = false
    expect((await bot.receive('!try')).map((r) => r.content)).toEqual(['ok'])
  })
})
