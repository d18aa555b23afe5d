import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { PluginContext } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

// A full collection on demand, without starting vitest's workers with --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    gc()
  }
}

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('unloading a plugin releases it', () => {
  it('nothing keeps a plugin, its context or its listeners once it is unloaded', async () => {
    const contexts: WeakRef<PluginContext>[] = []
    const listeners: WeakRef<() => void>[] = []
    const plugins = Array.from({ length: 20 }, (_, i) =>
      makePlugin({
        name: `busy-${i}`,
        permissions: ['messages:read', 'messages:send', 'storage'],
        init: (ctx) => {
          contexts.push(new WeakRef(ctx))
          for (let n = 0; n < 50; n++) {
            const listener = () => {}
            listeners.push(new WeakRef(listener))
            ctx.events.on('message.received', listener)
          }
          ctx.events.once('bot.stopping', () => {})
          ctx.commands.register({ name: `cmd${i}`, description: 'c', handler: () => {} })
          ctx.timers.setInterval(() => {}, 60_000)
          ctx.onDispose(() => {})
          void ctx.signal
          ctx.logger.debug('loaded')
        },
      }),
    )
    bot = await createTestBot({ plugins })
    await bot.receive('hello')
    expect(bot.bot.events.listenerCount('message.received')).toBe(20 * 50)
    for (let i = 0; i < 20; i++) await bot.plugins.unload(`busy-${i}`)
    expect(bot.bot.events.listenerCount('message.received')).toBe(0)
    expect(bot.bot.commands.list().some((c) => c.name.startsWith('cmd'))).toBe(false)
    await collect()
    expect(contexts.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    expect(listeners.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
  })
})
