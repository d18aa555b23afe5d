import { type BotEvents, createBot, type PluginContext } from '@banter/core'
import { TestAdapter } from '@banter/core/testing'
import { describe, expectTypeOf, it } from 'vitest'

declare module '@banter/core' {
  interface BotEvents {
    'reminder.due': { readonly channelId: string; readonly text: string }
  }
}

const bot = createBot({ adapter: new TestAdapter() })

describe('event types', () => {
  it('infers payloads of built-in events', () => {
    bot.events.on('message.received', (payload) => {
      expectTypeOf(payload.message.content).toEqualTypeOf<string>()
    })
    bot.events.on('plugin.disabled', (payload) => {
      expectTypeOf(payload.reason).toEqualTypeOf<string>()
    })
  })

  it('accepts events added by module augmentation, with their payload', () => {
    bot.events.on('reminder.due', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<BotEvents['reminder.due']>()
      expectTypeOf(payload.text).toEqualTypeOf<string>()
    })
    void bot.events.emit('reminder.due', { channelId: 'c', text: 'tea' })
  })

  it('rejects unknown events and wrong payloads', () => {
    // @ts-expect-error: not an event
    bot.events.on('no.such.event', () => {})
    // @ts-expect-error: payload is missing `text`
    void bot.events.emit('reminder.due', { channelId: 'c' })
  })

  it('types the payload union of several names', () => {
    bot.events.on(['plugin.loaded', 'plugin.unloaded'], (payload) => {
      expectTypeOf(payload.name).toEqualTypeOf<string>()
    })
  })

  it('types plugin context services', () => {
    const use = (ctx: PluginContext) => {
      const ai = ctx.services.get('ai')
      expectTypeOf(ai.generate).returns.resolves.toHaveProperty('text')
      // @ts-expect-error: no such service
      ctx.services.get('nope')
    }
    expectTypeOf(use).toBeFunction()
  })
})
