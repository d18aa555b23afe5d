import { BasePlugin, PermissionDeniedError, type PluginContext, type PluginManifest } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('permissions', () => {
  it('an unknown permission fails the load with a clear error', async () => {
    bot = await createTestBot()
    const bad = makePlugin({ name: 'bad', permissions: ['messages:shout' as never] })
    await expect(bot.plugins.load(bad)).rejects.toMatchObject({
      code: 'PERMISSION_UNKNOWN',
      message: expect.stringContaining(
        'plugin "bad": manifest.permissions.0: "messages:shout" is not a permission',
      ),
    })
    expect(bot.plugins.get('bad')).toBeUndefined()
  })

  it('sending without messages:send throws PermissionDeniedError, emits plugin.error and sends nothing', async () => {
    let caught: unknown
    const mute = makePlugin({
      name: 'mute',
      permissions: ['messages:read'],
      init: (ctx) => {
        ctx.events.on('message.received', async ({ message }) => {
          try {
            await ctx.messages.reply(message, 'I should not be able to say this')
          } catch (error) {
            caught = error
          }
        })
      },
    })
    bot = await createTestBot({ plugins: [mute] })
    const errors: { name: string; code: string }[] = []
    bot.events.on('plugin.error', ({ name, error }) => {
      errors.push({ name, code: error.code })
    })
    const replies = await bot.receive('hello')
    expect(replies).toEqual([])
    expect(bot.sent).toEqual([])
    expect(caught).toBeInstanceOf(PermissionDeniedError)
    expect((caught as Error).message).toMatch(
      /plugin "mute" may not reply to messages: its manifest does not declare "messages:send"/,
    )
    expect(errors).toEqual([{ name: 'mute', code: 'PERMISSION_DENIED' }])
  })

  it('a permission the operator denies is found at load: the plugin does not start, naming it and the config line', async () => {
    let initialized = false
    const store = makePlugin({
      name: 'store',
      permissions: ['storage', 'messages:send'],
      init: async () => {
        initialized = true
      },
    })
    bot = await createTestBot({ plugins: [store], config: { permissions: { store: { deny: ['storage'] } } } })
    const info = bot.plugins.get('store')
    expect(initialized).toBe(false)
    expect(info?.status).toBe('error')
    expect(info?.error?.code).toBe('PERMISSION_DENIED')
    expect(info?.error?.message).toBe(
      'plugin "store" needs "storage" (denied at permissions.store.deny), which the bot configuration takes away, so it was not started',
    )
    expect(info?.permissions).toEqual(['messages:send'])
    // Enabling it again is refused the same way.
    expect((await bot.plugins.enable('store')).error?.code).toBe('PERMISSION_DENIED')
  })

  it('optional permissions may be denied: the plugin starts and ctx.can says what it may do', async () => {
    const seen: boolean[] = []
    const flexible = makePlugin({
      name: 'flexible',
      permissions: ['messages:send'],
      optionalPermissions: ['storage'],
      init: (ctx) => {
        seen.push(ctx.can('storage'), ctx.can('messages:send'))
      },
    })
    bot = await createTestBot({
      plugins: [flexible],
      config: { permissions: { flexible: { deny: ['storage'] } } },
    })
    expect(bot.plugins.get('flexible')?.status).toBe('active')
    expect(seen).toEqual([false, true])
  })

  it('an allow list narrows what is granted', async () => {
    bot = await createTestBot({
      plugins: [makePlugin({ name: 'wide', permissions: ['storage', 'messages:send', 'network'] })],
      config: { permissions: { wide: { allow: ['messages:send'] } } },
    })
    expect(bot.plugins.get('wide')?.permissions).toEqual(['messages:send'])
  })

  it('changing a message without messages:transform is refused and the message passes unchanged', async () => {
    const rewriter = makePlugin({
      name: 'rewriter',
      permissions: ['messages:read'],
      inbound: (message) => ({ ...message, content: 'rewritten' }),
    })
    const seen: string[] = []
    const reader = makePlugin({
      name: 'reader',
      permissions: ['messages:read'],
      init: (ctx) => {
        ctx.events.on('message.received', ({ message }) => void seen.push(message.content))
      },
    })
    bot = await createTestBot({ plugins: [rewriter, reader] })
    await bot.receive('original')
    expect(seen).toEqual(['original'])
    expect(bot.plugins.get('rewriter')?.stats.errors).toBe(1)
  })

  it('listening to message.received needs messages:read', async () => {
    const nosy = makePlugin({
      name: 'nosy',
      permissions: [],
      init: (ctx) => {
        ctx.events.on('message.received', () => {})
      },
    })
    bot = await createTestBot({ plugins: [nosy] })
    expect(bot.plugins.get('nosy')?.error?.code).toBe('PERMISSION_DENIED')
    expect(bot.plugins.get('nosy')?.error?.message).toMatch(/may not listen to message.received/)
  })

  it('fetch, storage and http need their permissions', async () => {
    const results: string[] = []
    class Probe extends BasePlugin {
      static manifest = {
        name: 'probe',
        version: '1.0.0',
        description: 'probe',
        permissions: [],
      } satisfies PluginManifest
      override async initialize(ctx: PluginContext) {
        for (const [what, run] of [
          ['fetch', () => ctx.fetch('http://127.0.0.1:9/')],
          ['storage', () => ctx.storage.get('x')],
          ['http', async () => ctx.http.route({ method: 'GET', path: '/x', handler: () => ({}) })],
        ] as const) {
          try {
            await run()
            results.push(`${what}:allowed`)
          } catch (error) {
            results.push(`${what}:${(error as PermissionDeniedError).code}`)
          }
        }
      }
    }
    bot = await createTestBot({ plugins: [Probe] })
    expect(results).toEqual([
      'fetch:PERMISSION_DENIED',
      'storage:PERMISSION_DENIED',
      'http:PERMISSION_DENIED',
    ])
  })
})
