import {
  BasePlugin,
  type BotEvents,
  type ChatMessage,
  createBot,
  definePlugin,
  type InferConfig,
  type PluginClass,
  type PluginContext,
  type PluginEntry,
  type PluginManifest,
  type PluginModuleManifest,
  type PluginOptions,
  plugin,
  z,
} from '@banter/core'
import { createTestBot, TestAdapter } from '@banter/core/testing'
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

const timestampSchema = z.object({
  timeZone: z.string().default('UTC'),
  format: z.enum(['short', 'long']).default('short'),
})

// The pre-0.2 form: the config type written by hand next to the schema.
class LegacyTimestamp extends BasePlugin<z.output<typeof timestampSchema>> {
  static manifest = {
    name: 'legacy-timestamp',
    version: '1.0.0',
    description: 'd',
    permissions: [],
  } satisfies PluginManifest
  static configSchema = timestampSchema
}

// The config type inferred from the schema.
class Timestamp extends BasePlugin.withConfig(timestampSchema) {
  static manifest = {
    name: 'timestamp',
    version: '1.0.0',
    description: 'd',
    permissions: [],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext<InferConfig<typeof timestampSchema>>) {
    expectTypeOf(ctx.config).toEqualTypeOf<{ timeZone: string; format: 'short' | 'long' }>()
    expectTypeOf(this.ctx.config.timeZone).toEqualTypeOf<string>()
  }
}

const requiredSchema = z.object({ apiKey: z.string(), retries: z.number().default(3) })
class NeedsKey extends BasePlugin.withConfig(requiredSchema) {
  static manifest = {
    name: 'needs-key',
    version: '1.0.0',
    description: 'd',
    permissions: [],
  } satisfies PluginManifest
}

class NoOptions extends BasePlugin {
  static manifest = {
    name: 'no-options',
    version: '1.0.0',
    description: 'd',
    permissions: [],
  } satisfies PluginManifest
}

describe('typed composition: plugin(cls, options)', () => {
  it('checks options against the input type of the schema', () => {
    expectTypeOf<PluginOptions<typeof Timestamp>>().toEqualTypeOf<{
      timeZone?: string | undefined
      format?: 'short' | 'long' | undefined
    }>()
    expectTypeOf(Timestamp.configSchema).toEqualTypeOf<typeof timestampSchema>()
    const entry = plugin(Timestamp, { timeZone: 'Europe/Paris' })
    expectTypeOf(entry).toExtend<PluginEntry>()
    expectTypeOf(entry[0]).toEqualTypeOf<typeof Timestamp>()
    plugin(Timestamp)
    plugin(Timestamp, { format: 'long' })
    // @ts-expect-error: timeZone is a string
    plugin(Timestamp, { timeZone: 42 })
    // @ts-expect-error: 'medium' is not a format
    plugin(Timestamp, { format: 'medium' })
    // @ts-expect-error: no such option
    plugin(Timestamp, { timezone: 'UTC' })
  })

  it('requires options the schema requires, and only those', () => {
    plugin(NeedsKey, { apiKey: 'k' })
    // @ts-expect-error: apiKey is required
    plugin(NeedsKey)
    // @ts-expect-error: apiKey is required
    plugin(NeedsKey, { retries: 1 })
  })

  it('works for classes typed the pre-0.2 way', () => {
    plugin(LegacyTimestamp, { timeZone: 'UTC' })
    // @ts-expect-error: timeZone is a string
    plugin(LegacyTimestamp, { timeZone: false })
  })

  it('takes no options for a plugin without a schema', () => {
    plugin(NoOptions)
    // @ts-expect-error: the plugin has no options
    plugin(NoOptions, { anything: 1 })
  })

  it('fits createBot and createTestBot', () => {
    const greeter = definePlugin({
      manifest: { name: 'g', version: '1.0.0', description: 'd', permissions: [] },
      setup() {},
    })
    createBot({
      adapter: new TestAdapter(),
      plugins: [
        plugin(Timestamp, { timeZone: 'UTC' }),
        plugin(NeedsKey, { apiKey: 'k' }),
        greeter,
        NoOptions,
      ],
    })
    void createTestBot({ plugins: [plugin(Timestamp), greeter] })
  })
})

describe('definePlugin', () => {
  it('types ctx.config from the schema and the hooks', () => {
    const greeter = definePlugin({
      manifest: { name: 'greeter', version: '1.0.0', description: 'd', permissions: ['messages:send'] },
      configSchema: z.object({ greeting: z.string().default('Hello') }),
      setup(ctx) {
        expectTypeOf(ctx.config).toEqualTypeOf<{ greeting: string }>()
        return () => undefined
      },
      onMessageReceived(message, ctx) {
        expectTypeOf(message).toEqualTypeOf<ChatMessage>()
        expectTypeOf(ctx.config.greeting).toEqualTypeOf<string>()
      },
      onMessageSent(message) {
        return { ...message, content: message.content.toUpperCase() }
      },
    })
    expectTypeOf(greeter).toExtend<PluginClass>()
    plugin(greeter, { greeting: 'Hi' })
    plugin(greeter)
    // @ts-expect-error: greeting is a string
    plugin(greeter, { greeting: 1 })
  })

  it('has an empty config without a schema, and checks the manifest', () => {
    definePlugin({
      manifest: { name: 'bare', version: '1.0.0', description: 'd', permissions: [] },
      setup(ctx) {
        expectTypeOf(ctx.config).toEqualTypeOf<Record<string, never>>()
      },
    })
    definePlugin({
      // @ts-expect-error: not a permission
      manifest: { name: 'bad', version: '1.0.0', description: 'd', permissions: ['root'] },
    })
    definePlugin({
      manifest: { name: 'bad', version: '1.0.0', description: 'd', permissions: [] },
      // @ts-expect-error: a hook returns a message or nothing
      onMessageSent: () => 42,
    })
  })
})

describe('modules of hook functions', () => {
  it('types a partial manifest', () => {
    const manifest = { permissions: ['messages:read'] } satisfies PluginModuleManifest
    expectTypeOf(manifest.permissions).toEqualTypeOf<'messages:read'[]>()
    // @ts-expect-error: not a permission
    const bad = { permissions: ['root'] } satisfies PluginModuleManifest
    expectTypeOf(bad).not.toBeNever()
  })
})
