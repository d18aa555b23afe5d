import type { Permission } from '../permissions/permissions.js'
import type { PluginStatsSnapshot } from '../runtime/plugin-stats.js'

/**
 * Where a plugin is in its life:
 * `registered -> initializing -> active | error -> disabled -> unloaded`.
 */
export type PluginStatus = 'registered' | 'initializing' | 'active' | 'error' | 'disabled' | 'unloaded'

/** A handler the circuit breaker switched off, as `plugins list` shows it. */
export interface SwitchedOffHandler {
  /** `command:remind`, `message.received`, `timer`, ... */
  readonly handler: string
  /** The last error. */
  readonly error: { readonly code: string; readonly message: string }
  /** When it is switched on again on trial (ms since the epoch); absent: until `enable`. */
  readonly retryAt?: number
}

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
  /** Events it may emit besides its own `<name>.*`. */
  readonly emits: readonly string[]
  /** Declared dependencies. */
  readonly dependencies: Readonly<Record<string, string>>
  /** Handlers the circuit breaker switched off (reset by `enable` and `reload`). */
  readonly switchedOff: readonly SwitchedOffHandler[]
  /** Where it was loaded from: a package name, a path, or `class`. */
  readonly source: string
  /** SPDX license id (the manifest's, else its package's). */
  readonly license?: string
  /** Home page (the manifest's, else its package's). */
  readonly homepage?: string
  /** Marketplace category (the manifest's, else `banter.category` in its package.json). */
  readonly category?: string
  /** Search keywords (the manifest's, else its package's). */
  readonly keywords?: readonly string[]
}
