import type { StandardSchemaV1 } from '../config/standard-schema.js'
import { BanterError } from '../errors/banter-error.js'
import type { HealthState } from '../health/health-state.js'
import type { ChatMessage, OutgoingMessage } from '../messages/chat-message.js'
import {
  BasePlugin,
  type ConfigChangeResult,
  type InboundResult,
  type OutboundResult,
  type PluginClass,
} from './base-plugin.js'
import type { PluginManifest } from './manifest.js'
import type { PluginContext } from './plugin-context.js'
import { assertConfigSchema, pluginClassName } from './plugin-shape-checks.js'
import type { InferConfig } from './schema-types.js'

/** What `setup` may hand back: a function run when the plugin stops (before its context is disposed). */
export type PluginTeardown = () => void | Promise<void>

/**
 * A plugin written as an object, for {@link definePlugin}. The same plugin as a `BasePlugin`
 * subclass: `setup` is `initialize` (and may return a teardown, which is `destroy`), and the hooks
 * get the plugin's context as their last argument.
 */
export interface PluginDefinition<Schema extends StandardSchemaV1 | undefined = undefined> {
  /** The manifest, as the static `manifest` of a class ({@link PluginManifest}). */
  readonly manifest: PluginManifest
  /** The options schema (zod or any Standard Schema); `ctx.config` is its output. */
  readonly configSchema?: Schema
  /**
   * Sets the plugin up through `ctx`, like `initialize`. May return a teardown, run when the plugin
   * stops while `ctx` still works; everything registered through `ctx` is removed after it.
   */
  setup?(ctx: PluginContext<InferConfig<Schema>>): void | PluginTeardown | Promise<void | PluginTeardown>
  /** Inbound pipeline hook, as {@link BasePlugin.onMessageReceived}. Needs `messages:read`. */
  onMessageReceived?(
    message: ChatMessage,
    ctx: PluginContext<InferConfig<Schema>>,
  ): InboundResult | Promise<InboundResult>
  /** Outbound pipeline hook, as {@link BasePlugin.onMessageSent}. Needs `messages:transform`. */
  onMessageSent?(
    message: OutgoingMessage,
    ctx: PluginContext<InferConfig<Schema>>,
  ): OutboundResult | Promise<OutboundResult>
  /** A long-running task, as {@link BasePlugin.run}. */
  run?(signal: AbortSignal, ctx: PluginContext<InferConfig<Schema>>): Promise<void>
  /** Takes new options while the plugin runs, as {@link BasePlugin.onConfigChange}. */
  onConfigChange?(
    next: InferConfig<Schema>,
    previous: InferConfig<Schema>,
    ctx: PluginContext<InferConfig<Schema>>,
  ): ConfigChangeResult | Promise<ConfigChangeResult>
  /**
   * Whether a service the plugin needs answers, for `/readyz` ({@link HealthReporter}): cheap and
   * local, from the state its client already knows.
   */
  health?(ctx: PluginContext<InferConfig<Schema>>): HealthState | Promise<HealthState>
}

/**
 * What {@link definePlugin} returns: a plugin class like any other (put it in `createBot({ plugins })`,
 * `createTestBot`, `plugin(...)`, or export it from a file), with the definition it was made from.
 */
export interface DefinedPlugin<Schema extends StandardSchemaV1 | undefined = undefined>
  extends PluginClass<InferConfig<Schema>> {
  /** The options schema of the definition. */
  readonly configSchema: Schema
  /** The object the plugin was defined with. */
  readonly definition: PluginDefinition<Schema>
}

const HOOKS = ['setup', 'onMessageReceived', 'onMessageSent', 'run'] as const
const CHECKED = [...HOOKS, 'onConfigChange', 'health'] as const

/**
 * Whether `value` is a plugin written as a plain object (a `manifest` object and a `setup` or hook
 * function), as a module may default-export it without calling {@link definePlugin}.
 */
export function isPluginDefinition(value: unknown): value is PluginDefinition<StandardSchemaV1 | undefined> {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    typeof candidate.manifest === 'object' &&
    candidate.manifest !== null &&
    HOOKS.some((hook) => typeof candidate[hook] === 'function')
  )
}

/**
 * Defines a plugin as an object instead of a class. `ctx.config` is typed from `configSchema`'s
 * output, as with `BasePlugin.withConfig`; the manifest and options are validated when the plugin is
 * loaded, exactly as for a class.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   manifest: { name: 'greeter', version: '1.0.0', description: 'Says hello', permissions: ['messages:send'] },
 *   configSchema: z.object({ greeting: z.string().default('Hello') }),
 *   setup(ctx) {
 *     ctx.commands.register({ name: 'hello', description: 'Says hello', handler: ({ reply }) => reply(ctx.config.greeting).then(() => {}) })
 *     return () => ctx.logger.info('bye') // optional teardown
 *   },
 * })
 * ```
 */
export function definePlugin<Schema extends StandardSchemaV1 | undefined = undefined>(
  definition: PluginDefinition<Schema>,
): DefinedPlugin<Schema> {
  if (typeof definition !== 'object' || definition === null) {
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      'definePlugin() takes an object such as { manifest, setup }',
    )
  }
  const label =
    typeof (definition.manifest as { name?: unknown } | undefined)?.name === 'string'
      ? definition.manifest.name
      : 'definePlugin()'
  for (const hook of CHECKED) {
    const value: unknown = definition[hook]
    if (value !== undefined && typeof value !== 'function') {
      throw new BanterError(
        'PLUGIN_EXPORTS_INVALID',
        `plugin "${label}": ${hook} must be a function, not ${value === null ? 'null' : typeof value}`,
        { plugin: label },
      )
    }
  }
  assertConfigSchema(definition.configSchema, label)
  type Config = InferConfig<Schema>

  class ObjectPlugin extends BasePlugin<Config> {
    static readonly manifest = definition.manifest
    static readonly configSchema = definition.configSchema as Schema
    static readonly definition = definition
    #teardown: PluginTeardown | undefined

    override initialize(ctx: PluginContext<Config>): void | Promise<void> {
      const result = definition.setup?.(ctx)
      if (result instanceof Promise) return result.then((teardown) => this.#keep(teardown))
      this.#keep(result)
    }

    override destroy(): void | Promise<void> {
      const teardown = this.#teardown
      this.#teardown = undefined
      return teardown?.()
    }

    #keep(teardown: void | PluginTeardown): void {
      if (typeof teardown === 'function') this.#teardown = teardown
    }

    override onMessageReceived(message: ChatMessage): InboundResult | Promise<InboundResult> {
      return definition.onMessageReceived?.(message, this.ctx)
    }

    override onMessageSent(message: OutgoingMessage): OutboundResult | Promise<OutboundResult> {
      return definition.onMessageSent?.(message, this.ctx)
    }

    override run(signal: AbortSignal): Promise<void> {
      return definition.run ? definition.run(signal, this.ctx) : Promise.resolve()
    }

    override onConfigChange(
      next: Config,
      previous: Config,
    ): ConfigChangeResult | Promise<ConfigChangeResult> {
      return definition.onConfigChange?.(next, previous, this.ctx)
    }

    health(): HealthState | Promise<HealthState> {
      return definition.health ? definition.health(this.ctx) : { ready: true }
    }
  }
  // Methods are called with the definition as `this`, so an object's methods can call each other.
  // The pipelines and the manager look for these methods: a plugin has only the hooks it defines.
  const proto = ObjectPlugin.prototype as unknown as Record<string, unknown>
  if (!definition.onMessageReceived) delete proto.onMessageReceived
  if (!definition.onMessageSent) delete proto.onMessageSent
  if (!definition.run) delete proto.run
  if (!definition.onConfigChange) delete proto.onConfigChange
  if (!definition.health) delete proto.health
  Object.defineProperty(ObjectPlugin, 'name', { value: pluginClassName(label) })
  return ObjectPlugin as unknown as DefinedPlugin<Schema>
}
