import type { BanterError } from '../errors/banter-error.js'
import type { Permission, PermissionSet } from '../permissions/permissions.js'
import type { GuardedOwner } from '../runtime/guard.js'
import { PluginStats, type PluginStatsSnapshot } from '../runtime/plugin-stats.js'
import type { BasePlugin, PluginClass } from './base-plugin.js'
import type { PluginManifest } from './manifest.js'

/**
 * Where a plugin is in its life:
 * `registered -> initializing -> active | error -> disabled -> unloaded`.
 */
export type PluginStatus = 'registered' | 'initializing' | 'active' | 'error' | 'disabled' | 'unloaded'

/** A plugin as `bot.plugins.get()` and `list()` report it. */
export interface PluginInfo {
  /** Manifest name. */
  readonly name: string
  /** Manifest version. */
  readonly version: string
  /** Manifest description. */
  readonly description: string
  /** Status. */
  readonly status: PluginStatus
  /** Why it is in `error` or was disabled, when it is. */
  readonly error?: { readonly code: string; readonly message: string }
  /** Counters. */
  readonly stats: PluginStatsSnapshot
  /** Granted permissions. */
  readonly permissions: readonly Permission[]
  /** Declared dependencies. */
  readonly dependencies: Readonly<Record<string, string>>
  /** Where it was loaded from: a package name, a path, or `class`. */
  readonly source: string
}

/** @internal The plugin manager's bookkeeping for one plugin. */
export class PluginRecord implements GuardedOwner {
  readonly name: string
  readonly stats = new PluginStats()
  status: PluginStatus = 'registered'
  error: BanterError | undefined
  instance: BasePlugin<unknown> | undefined
  config: unknown
  /** Set when the plugin was disabled because the named dependency went down. */
  disabledBy: string | undefined
  /** Aborts the plugin's `ctx.signal` (the context still works until `teardown`). */
  stopping: (() => void) | undefined
  /** Disposes the plugin's context, when it has one. */
  teardown: (() => void) | undefined
  onFailure: (hook: string, error: Error, timedOut: boolean) => void = () => {}

  constructor(
    public pluginClass: PluginClass,
    public readonly manifest: PluginManifest,
    public readonly options: unknown,
    public readonly permissions: PermissionSet,
    public readonly source: string,
    public readonly order: number,
    public readonly timeoutMs: number,
  ) {
    this.name = manifest.name
  }

  /** The public view. */
  info(): PluginInfo {
    return {
      name: this.name,
      version: this.manifest.version,
      description: this.manifest.description,
      status: this.status,
      ...(this.error ? { error: { code: this.error.code, message: this.error.summary } } : {}),
      stats: this.stats.snapshot(),
      permissions: this.permissions.list(),
      dependencies: this.manifest.dependencies ?? {},
      source: this.source,
    }
  }
}
