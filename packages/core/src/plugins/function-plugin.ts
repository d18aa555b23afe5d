import { basename } from 'node:path'
import type { StandardSchemaV1 } from '../config/standard-schema.js'
import { BanterError } from '../errors/banter-error.js'
import type { ChatMessage, OutgoingMessage } from '../messages/chat-message.js'
import type { Permission } from '../permissions/permissions.js'
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

/**
 * The `manifest` a module of hook functions may export: a {@link PluginManifest} whose every field may
 * be left out. `name` defaults to the file name in kebab-case, `version` to `0.0.0`, `permissions` to
 * none. The hooks' own permissions must be declared (`onMessageReceived` needs `messages:read`,
 * `onMessageSent` needs `messages:transform`), or the module does not load.
 *
 * @example
 * ```ts
 * export const manifest = { permissions: ['messages:read', 'messages:transform'] } satisfies PluginModuleManifest
 * export function onMessageReceived(message: ChatMessage) { return { ...message, content: message.content.trim() } }
 * ```
 */
export type PluginModuleManifest = Partial<PluginManifest>

/** Where a module of hook functions came from, for the defaults of its manifest. */
export interface PluginModuleOrigin {
  /** The module's file, named in messages. */
  readonly path: string
  /** The default plugin name (the file name, or the folder or package name, in kebab-case). */
  readonly name: string
  /** The default version (a package's own version), else `0.0.0`. */
  readonly version?: string | undefined
  /** The default description (a package's own description). */
  readonly description?: string | undefined
}

/** Exports that make a module a plugin of hook functions (one is enough). */
export const MODULE_HOOKS = ['initialize', 'onMessageReceived', 'onMessageSent', 'run'] as const

// The permission each pipeline hook cannot work without.
const HOOK_PERMISSIONS: ReadonlyArray<readonly [string, Permission]> = [
  ['onMessageReceived', 'messages:read'],
  ['onMessageSent', 'messages:transform'],
]

type Hook = (...args: never[]) => unknown

/** Whether a module exports at least one hook function (`initialize`, `onMessageReceived`, ...). */
export function hasHookExports(exports: Record<string, unknown>): boolean {
  return MODULE_HOOKS.some((hook) => typeof exports[hook] === 'function')
}

function declaredManifest(
  exports: Record<string, unknown>,
  origin: PluginModuleOrigin,
): PluginModuleManifest {
  const declared = exports.manifest
  if (declared === undefined) return {}
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    throw new BanterError(
      'MANIFEST_INVALID',
      `${origin.path} exports a "manifest" that is not an object (${declared === null ? 'null' : typeof declared})`,
      { hint: "Export an object: export const manifest = { permissions: ['messages:read'] }" },
    )
  }
  return Object.fromEntries(Object.entries(declared).filter(([, value]) => value !== undefined))
}

/**
 * Turns a module of plain hook functions into a plugin class: `initialize(ctx)`, `destroy(ctx)`,
 * `onMessageReceived(message, ctx)`, `onMessageSent(message, ctx)` and `run(signal, ctx)`, with an
 * optional `manifest` ({@link PluginModuleManifest}) and `configSchema`. Throws `MANIFEST_INVALID`
 * when a hook needs a permission the manifest does not declare, naming the hook and the line to add.
 */
export function functionPlugin(exports: Record<string, unknown>, origin: PluginModuleOrigin): PluginClass {
  const declared = declaredManifest(exports, origin)
  const manifest = {
    name: origin.name,
    version: origin.version ?? '0.0.0',
    description:
      origin.description ??
      `plugin functions from ${basename(origin.path)} (its manifest has no description)`,
    permissions: [],
    ...declared,
  } as PluginManifest
  const name = typeof manifest.name === 'string' ? manifest.name : origin.name
  const permissions: readonly unknown[] = Array.isArray(manifest.permissions) ? manifest.permissions : []
  const missing = HOOK_PERMISSIONS.filter(
    ([hook, permission]) => typeof exports[hook] === 'function' && !permissions.includes(permission),
  )
  if (missing.length > 0) {
    const needed = [...new Set([...permissions, ...missing.map(([, permission]) => permission)])]
    const line = `export const manifest = { permissions: [${needed.map((p) => `'${String(p)}'`).join(', ')}] }`
    const needs = missing
      .map(([hook, permission]) => `exports ${hook}, which needs the permission "${permission}"`)
      .join(', and ')
    const them = missing.length > 1 ? 'them' : 'it'
    throw new BanterError(
      'MANIFEST_INVALID',
      `plugin "${name}" (${origin.path}) ${needs}, but its manifest does not declare ${them} (permissions are never granted implicitly); declare ${them} with ${line}`,
      { plugin: name, hint: 'Declare in the exported manifest every permission the hooks need.' },
    )
  }
  const schema = exports.configSchema as StandardSchemaV1 | undefined
  assertConfigSchema(schema, name)
  const hook = (key: string) => (typeof exports[key] === 'function' ? (exports[key] as Hook) : undefined)
  const initialize = hook('initialize') as ((ctx: PluginContext<unknown>) => void | Promise<void>) | undefined
  const destroy = hook('destroy') as ((ctx: PluginContext<unknown>) => void | Promise<void>) | undefined
  const inbound = hook('onMessageReceived') as
    | ((message: ChatMessage, ctx: PluginContext<unknown>) => InboundResult | Promise<InboundResult>)
    | undefined
  const outbound = hook('onMessageSent') as
    | ((message: OutgoingMessage, ctx: PluginContext<unknown>) => OutboundResult | Promise<OutboundResult>)
    | undefined
  const run = hook('run') as ((signal: AbortSignal, ctx: PluginContext<unknown>) => Promise<void>) | undefined
  const reconfigure = hook('onConfigChange') as
    | ((
        next: unknown,
        previous: unknown,
        ctx: PluginContext<unknown>,
      ) => ConfigChangeResult | Promise<ConfigChangeResult>)
    | undefined

  class FunctionPlugin extends BasePlugin<unknown> {
    static readonly manifest = manifest
    static readonly configSchema = schema

    override initialize(ctx: PluginContext<unknown>): void | Promise<void> {
      return initialize?.(ctx)
    }

    override destroy(): void | Promise<void> {
      return destroy?.(this.ctx)
    }

    override onMessageReceived(message: ChatMessage): InboundResult | Promise<InboundResult> {
      return inbound?.(message, this.ctx)
    }

    override onMessageSent(message: OutgoingMessage): OutboundResult | Promise<OutboundResult> {
      return outbound?.(message, this.ctx)
    }

    override run(signal: AbortSignal): Promise<void> {
      return run ? run(signal, this.ctx) : Promise.resolve()
    }

    override onConfigChange(
      next: unknown,
      previous: unknown,
    ): ConfigChangeResult | Promise<ConfigChangeResult> {
      return reconfigure?.(next, previous, this.ctx)
    }
  }
  // The pipelines and the manager look for these methods: a plugin has only the hooks it exports.
  const proto = FunctionPlugin.prototype as unknown as Record<string, unknown>
  if (!inbound) delete proto.onMessageReceived
  if (!outbound) delete proto.onMessageSent
  if (!run) delete proto.run
  if (!reconfigure) delete proto.onConfigChange
  Object.defineProperty(FunctionPlugin, 'name', { value: pluginClassName(name) })
  return FunctionPlugin
}
