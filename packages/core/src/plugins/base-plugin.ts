import type { StandardSchemaV1 } from '../config/standard-schema.js'
import { BanterError } from '../errors/banter-error.js'
import type { ChatMessage, OutgoingMessage, Stop } from '../messages/chat-message.js'
import type { PluginManifest } from './manifest.js'
import type { PluginContext } from './plugin-context.js'
import type { InferConfig } from './schema-types.js'

/** What `onMessageReceived` may return: a changed message, nothing (unchanged), or `STOP`. */
export type InboundResult = ChatMessage | Stop | undefined | void

/** What `onMessageSent` may return: a changed outgoing message or nothing (unchanged). */
export type OutboundResult = OutgoingMessage | undefined | void

/**
 * The base class of every Banter plugin. A plugin declares a static `manifest` ({@link PluginManifest})
 * and, when it takes
 * options, a static `configSchema` (zod or any Standard Schema); it registers what it does in
 * `initialize` through its context, and everything registered there is removed when it stops.
 *
 * @example
 * ```ts
 * export class GreeterPlugin extends BasePlugin<{ greeting: string }> {
 *   static manifest = { name: 'greeter', version: '1.0.0', description: 'Says hello', permissions: ['messages:send'] } satisfies PluginManifest
 *   static configSchema = z.object({ greeting: z.string().default('Hello') })
 *
 *   override initialize(ctx: PluginContext<{ greeting: string }>) {
 *     ctx.commands.register({
 *       name: 'hello', description: 'Greets you',
 *       handler: ({ message, reply }) => reply(`${ctx.config.greeting}, ${message.author.name}!`),
 *     })
 *   }
 * }
 * ```
 */
export abstract class BasePlugin<Config = Record<string, never>> {
  // Subclasses declare `static manifest` (required) and `static configSchema` (optional); they are
  // not declared here so that subclasses need no `override` keyword. See PluginClass.

  /**
   * A base class whose config type comes from `schema` (its output type) and whose static
   * `configSchema` is `schema`, so that the type and the validation cannot drift apart. Extend it
   * instead of `BasePlugin<Config>`; `this.ctx.config` is typed, and `plugin(Cls, options)` checks
   * options against the schema's input type. Only on `BasePlugin` itself: for the specialised bases,
   * write `extends AIProviderPlugin<InferConfig<typeof schema>>` with `static configSchema = schema`.
   *
   * @example
   * ```ts
   * const schema = z.object({ greeting: z.string().default('Hello') })
   *
   * export class GreeterPlugin extends BasePlugin.withConfig(schema) {
   *   static manifest = { name: 'greeter', version: '1.0.0', description: 'Says hello', permissions: ['messages:send'] } satisfies PluginManifest
   *
   *   override initialize(ctx: PluginContext<InferConfig<typeof schema>>) {
   *     ctx.logger.info(ctx.config.greeting) // string
   *   }
   * }
   * ```
   */
  static withConfig<Schema extends StandardSchemaV1>(schema: Schema): PluginBaseWithConfig<Schema> {
    // biome-ignore lint/complexity/noThisInStatic lint/complexity/noUselessThisAlias: `this` tells a call through a subclass apart.
    const called: { readonly name: string } = this
    if (called !== BasePlugin) {
      throw new BanterError(
        'PLUGIN_EXPORTS_INVALID',
        `${called.name}.withConfig() is not supported: withConfig() builds on BasePlugin only`,
        {
          hint: `Write \`extends ${called.name}<InferConfig<typeof schema>>\` and \`static configSchema = schema\` instead.`,
        },
      )
    }
    class PluginWithConfig extends BasePlugin<InferConfig<Schema>> {
      static readonly configSchema = schema
    }
    return PluginWithConfig
  }

  /**
   * The plugin's context, set by the plugin manager before `initialize` runs, so that hooks can use
   * `this.ctx` too.
   */
  protected ctx!: PluginContext<Config>

  /** @internal Called by the plugin manager. */
  attach(ctx: PluginContext<Config>): void {
    this.ctx = ctx
  }

  /**
   * Sets the plugin up: register commands, listeners, services, routes and timers through `ctx`.
   * A throw or rejection leaves the plugin in status `error`; the bot goes on without it.
   */
  initialize(_ctx: PluginContext<Config>): void | Promise<void> {}

  /**
   * Releases what the plugin holds outside its context (sockets, clients). Everything registered
   * through `ctx` is removed automatically, before this runs.
   */
  destroy(): void | Promise<void> {}

  /**
   * Inbound pipeline hook: sees every message before listeners and commands (in priority order).
   * Return a changed copy, nothing, or `STOP` to drop the message. Needs `messages:read`; changing
   * or stopping needs `messages:transform`.
   */
  onMessageReceived?(message: ChatMessage): InboundResult | Promise<InboundResult>

  /**
   * Outbound pipeline hook: sees every outgoing message and edit before the adapter sends it. Return
   * a changed copy or nothing. Needs `messages:transform`.
   */
  onMessageSent?(message: OutgoingMessage): OutboundResult | Promise<OutboundResult>

  /**
   * A long-running task, started after `initialize` and aborted (through `signal`) when the plugin is
   * disabled. Its failure is logged and counted; it is not restarted.
   */
  run?(signal: AbortSignal): Promise<void>

  /**
   * Takes new options while the plugin runs (`bot.plugins.configure`, the admin API, `!plugins set`).
   * `this.ctx.config` already holds `next` when it is called. Without this method a change restarts
   * the plugin (its storage is kept); returning `'restart'` asks for that too (for options it can
   * only take at start). A throw or rejection rolls back: the method is called again with the
   * previous options (restarting the plugin if that fails too), and the change is refused.
   */
  onConfigChange?(next: Config, previous: Config): ConfigChangeResult | Promise<ConfigChangeResult>
}

/** What `onConfigChange` returns: nothing (taken), or `'restart'` (restart me on the new options). */
export type ConfigChangeResult = undefined | void | 'restart'

/**
 * What {@link BasePlugin.withConfig} returns: a base class typed by the schema's output, carrying the
 * schema as its static `configSchema`.
 */
export type PluginBaseWithConfig<Schema extends StandardSchemaV1> = (abstract new () => BasePlugin<
  InferConfig<Schema>
>) & {
  readonly configSchema: Schema
}

/** A plugin class as the plugin manager takes it. */
// biome-ignore lint/suspicious/noExplicitAny: a plugin class of any options type
export interface PluginClass<Config = any> {
  new (): BasePlugin<Config>
  readonly manifest: PluginManifest
  readonly configSchema?: StandardSchemaV1 | undefined
  readonly prototype: BasePlugin<Config>
}

/**
 * Whether `value` looks like a plugin class: a constructor with a static `manifest` whose prototype
 * has `initialize`. Duck-typed, so plugins built against another copy of `@banter/core` still load.
 */
export function isPluginClass(value: unknown): value is PluginClass {
  return (
    typeof value === 'function' &&
    typeof (value as { manifest?: unknown }).manifest === 'object' &&
    (value as { manifest?: unknown }).manifest !== null &&
    typeof (value as { prototype?: { initialize?: unknown } }).prototype?.initialize === 'function'
  )
}
