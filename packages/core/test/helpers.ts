import {
  BasePlugin,
  type ChatMessage,
  type InboundResult,
  type Permission,
  type PluginContext,
  type PluginManifest,
} from '@banter/core'

/** Options of {@link makePlugin}. */
export interface MakePluginOptions {
  readonly name: string
  readonly version?: string
  readonly permissions?: readonly Permission[]
  readonly optionalPermissions?: readonly Permission[]
  readonly emits?: readonly string[]
  readonly dependencies?: Record<string, string>
  readonly priority?: number
  readonly provides?: readonly string[]
  readonly uses?: readonly string[]
  readonly init?: (ctx: PluginContext) => void | Promise<void>
  readonly inbound?: (message: ChatMessage, ctx: PluginContext) => InboundResult | Promise<InboundResult>
  readonly destroy?: () => void | Promise<void>
}

/** Builds a plugin class for a test, without ceremony. */
export function makePlugin(options: MakePluginOptions) {
  const manifest: PluginManifest = {
    name: options.name,
    version: options.version ?? '1.0.0',
    description: `test plugin ${options.name}`,
    permissions: [...(options.permissions ?? ['messages:send'])],
    ...(options.optionalPermissions ? { optionalPermissions: options.optionalPermissions } : {}),
    ...(options.emits ? { emits: options.emits } : {}),
    ...(options.dependencies ? { dependencies: options.dependencies } : {}),
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    ...(options.provides ? { provides: options.provides } : {}),
    ...(options.uses ? { uses: options.uses } : {}),
  }
  class TestPlugin extends BasePlugin {
    static manifest = manifest
    override async initialize(ctx: PluginContext) {
      await options.init?.(ctx)
    }
    override async destroy() {
      await options.destroy?.()
    }
  }
  if (options.inbound) {
    const inbound = options.inbound
    Object.defineProperty(TestPlugin.prototype, 'onMessageReceived', {
      value(this: { ctx: PluginContext }, message: ChatMessage) {
        return inbound(message, this.ctx)
      },
    })
  }
  return TestPlugin
}

/** A plugin with a `!name` command that replies `reply`. */
export function replier(name: string, reply = `${name} ok`) {
  return makePlugin({
    name,
    init: (ctx) => {
      ctx.commands.register({
        name,
        description: `replies ${reply}`,
        handler: ({ reply: send }) => send(reply).then(() => undefined),
      })
    },
  })
}

/** A plugin with one admin-only command, `!shutdown`, that answers `shut down by <author id>`. */
export function adminShutdownPlugin() {
  return makePlugin({
    name: 'admin-tools',
    init: (ctx) =>
      void ctx.commands.register({
        name: 'shutdown',
        description: 'admins only',
        permissions: ['admin'],
        handler: ({ reply, message }) => reply(`shut down by ${message.author.id}`).then(() => undefined),
      }),
  })
}
