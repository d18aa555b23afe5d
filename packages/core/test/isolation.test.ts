import { BasePlugin, type PluginContext } from '@banter/core'
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
    bot = await createTestBot({
      plugins: [thrower, rejecter, hanger, replier('healthy')],
      config: { timeouts: { hookMs: 150 } },
    })
    const errors: string[] = []
    bot.events.on('plugin.error', ({ name, timedOut }) => {
      errors.push(`${name}:${timedOut ? 'timeout' : 'error'}`)
    })
    // The hanging hook is abandoned after the hook timeout, on real time: moving the fake clock
    // forward does not abandon anything.
    const pending = bot.receive('!healthy')
    await bot.clock.tickAsync(60_000)
    expect(bot.plugins.get('hanger')?.stats.timeouts).toBe(0)
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

  it('async listeners of one emit each keep their own timeout: one abandoned early, a slower one left to finish, a later one abandoned later', async () => {
    const ended: string[] = []
    const listening = (name: string, hookTimeoutMs: number, listener: () => Promise<void>) =>
      class extends BasePlugin {
        static manifest = {
          name,
          version: '1.0.0',
          description: `listens (${hookTimeoutMs} ms)`,
          permissions: ['messages:read' as const],
          hookTimeoutMs,
        }
        override initialize(ctx: PluginContext): void {
          ctx.events.on('message.received', listener)
        }
      }
    const never = () => new Promise<void>(() => {})
    bot = await createTestBot({
      plugins: [
        listening('hangs-short', 100, never),
        listening('slow', 2_000, async () => {
          await new Promise((resolve) => setTimeout(resolve, 300))
          ended.push('slow')
        }),
        listening('hangs-long', 600, never),
        listening('quick', 100, async () => {
          ended.push('quick')
        }),
      ],
    })
    bot.events.on('plugin.error', ({ name, timedOut }) => {
      ended.push(`${name}:${timedOut ? 'timed out' : 'failed'}`)
    })
    await bot.receive('hello')
    // The emit ends when the last listener is done or abandoned, each by its own deadline: the slow
    // one finishes after the short deadline passed, and the long one is abandoned after that.
    expect(ended).toEqual(['quick', 'hangs-short:timed out', 'slow', 'hangs-long:timed out'])
    const timeouts = Object.fromEntries(bot.plugins.list().map((p) => [p.name, p.stats.timeouts]))
    expect(timeouts).toEqual({ 'hangs-short': 1, slow: 0, 'hangs-long': 1, quick: 0 })
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
    bot = await createTestBot({ plugins: [stuck], config: { timeouts: { hookMs: 100 } } })
    const replies = await bot.receive('!stuck')
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
    bot = await createTestBot({ config: { timeouts: { initializeMs: 150 } } })
    await bot.plugins.load(slow)
    expect(bot.plugins.get('slow-init')).toMatchObject({ status: 'error', error: { code: 'HOOK_TIMEOUT' } })
    release?.()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(bot.commands.list().map((c) => c.name)).not.toContain('late')
  })
})

describe('circuit breaker (per handler)', () => {
  it('switches off a command that fails 5 times in a row, alone: the plugin and its other handlers keep working', async () => {
    const seen: string[] = []
    const flaky = makePlugin({
      name: 'flaky',
      permissions: ['messages:send', 'messages:read'],
      init: (ctx) => {
        ctx.commands.register({
          name: 'flaky',
          description: 'always fails',
          handler: () => {
            throw new Error('still broken')
          },
        })
        ctx.commands.register({
          name: 'fine',
          description: 'works',
          handler: ({ reply }) => reply('fine ok').then(() => undefined),
        })
        ctx.events.on('message.received', ({ message }) => void seen.push(message.content))
      },
    })
    bot = await createTestBot({ plugins: [flaky] })
    const errors: { hook: string; code: string }[] = []
    bot.events.on('plugin.error', (e) => void errors.push({ hook: e.hook, code: e.error.code }))
    for (let i = 0; i < 4; i++) {
      await bot.receive('!flaky')
      // Interleaved successes of other handlers do not reset the failing one.
      expect((await bot.receive('!fine')).map((r) => r.content)).toEqual(['fine ok'])
    }
    await bot.receive('!flaky')
    expect(errors).toContainEqual({ hook: 'command:flaky', code: 'HANDLER_DISABLED' })
    expect(bot.plugins.get('flaky')).toMatchObject({
      status: 'active',
      switchedOff: [{ handler: 'command:flaky', error: { code: 'HANDLER_DISABLED' } }],
    })
    // The command left the bot and !help; the rest of the plugin still runs.
    expect(await bot.receive('!flaky')).toEqual([])
    const [help] = await bot.receive('!help')
    expect(help?.content).not.toContain('!flaky')
    expect(help?.content).toContain('!fine')
    expect((await bot.receive('!fine')).map((r) => r.content)).toEqual(['fine ok'])
    expect(seen.at(-1)).toBe('!fine')
    // enable brings it back.
    await bot.plugins.enable('flaky')
    expect(bot.plugins.get('flaky')?.switchedOff).toEqual([])
    expect((await bot.receive('!flaky')).map((r) => r.content)).toEqual([
      "Sorry, `!flaky` failed. The bot's log says why.",
    ])
  })

  it('a listener that keeps failing is switched off alone', async () => {
    let calls = 0
    const listener = makePlugin({
      name: 'listens',
      permissions: ['messages:read', 'messages:send'],
      init: (ctx) => {
        ctx.events.on('message.received', () => {
          calls += 1
          throw new Error('listener boom')
        })
        ctx.commands.register({
          name: 'still',
          description: 's',
          handler: ({ reply }) => reply('here').then(() => undefined),
        })
      },
    })
    bot = await createTestBot({ plugins: [listener] })
    for (let i = 0; i < 7; i++) await bot.receive(`hello ${i}`)
    expect(calls).toBe(5)
    expect(bot.plugins.get('listens')?.switchedOff.map((h) => h.handler)).toEqual(['message.received'])
    expect((await bot.receive('!still')).map((r) => r.content)).toEqual(['here'])
  })

  it('counts failures per listener among one plugin’s listeners of one event (a success ends the run)', async () => {
    const calls = { always: 0, flaky: 0, rejects: 0, once: 0 }
    const listener = makePlugin({
      name: 'many',
      permissions: ['messages:read'],
      init: (ctx) => {
        ctx.events.on('message.received', () => {
          calls.always += 1
          throw new Error('always')
        })
        ctx.events.on('message.received', () => {
          calls.flaky += 1
          // Four failures, then a success: never five in a row.
          if (calls.flaky % 5 !== 0) throw new Error('flaky')
        })
        ctx.events.on('message.received', async () => {
          calls.rejects += 1
          throw new Error('rejects')
        })
        ctx.events.once('message.received', () => {
          calls.once += 1
        })
      },
    })
    bot = await createTestBot({ plugins: [listener] })
    for (let i = 0; i < 12; i++) await bot.receive(`hello ${i}`)
    expect(calls).toEqual({ always: 5, flaky: 12, rejects: 5, once: 1 })
    expect(bot.plugins.get('many')?.switchedOff.map((h) => h.handler)).toEqual([
      'message.received',
      'message.received',
    ])
    expect(bot.bot.events.listenerCount('message.received')).toBe(1)
    await bot.plugins.unload('many')
    expect(bot.bot.events.listenerCount('message.received')).toBe(0)
  })

  it('disables the whole plugin when its message hook fails 5 times in a row, and says why', async () => {
    bot = await createTestBot({ plugins: [thrower, replier('healthy')] })
    const disabled: { name: string; reason: string; code?: string }[] = []
    bot.events.on('plugin.disabled', (e) => {
      disabled.push(e)
    })
    for (let i = 0; i < 5; i++) await bot.receive('hi')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(disabled).toHaveLength(1)
    expect(disabled[0]).toMatchObject({ name: 'thrower', code: 'CIRCUIT_OPEN' })
    expect(disabled[0]?.reason).toMatch(
      /disabled after 5 failures in a row of onMessageReceived \(last: boom \(sync\)\)/,
    )
    expect(bot.plugins.get('thrower')).toMatchObject({ status: 'disabled', error: { code: 'CIRCUIT_OPEN' } })
    expect(bot.bot.pipelines.inbound).toEqual([])
    expect((await bot.receive('!healthy')).map((r) => r.content)).toEqual(['healthy ok'])
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
    expect(bot.plugins.get('sometimes')?.switchedOff).toEqual([])
    await bot.receive('!try')
    expect(bot.plugins.get('sometimes')?.switchedOff.map((h) => h.handler)).toEqual(['command:try'])
    const info = await bot.plugins.enable('sometimes')
    expect(info).toMatchObject({ status: 'active', switchedOff: [] })
    fail = false
    expect((await bot.receive('!try')).map((r) => r.content)).toEqual(['ok'])
  })
})
