import type { Logger } from 'pino'
import type { ChatAdapter } from '../adapter/chat-adapter.js'
import type { AccessConfig } from '../commands/access.js'
import type { ConfigStore } from '../config/config-store.js'
import type { PermissionOverride } from '../permissions/permissions.js'
import type { PluginEntry } from '../plugins/plugin-manager.js'
import type { SandboxSettings } from '../plugins/sandbox-settings.js'
import type { PluginTimeouts } from '../runtime/bot-info.js'
import type { ScopesConfig } from '../scopes/scope-registry.js'
import type { StorageBackend } from '../storage/storage-backend.js'
import type { Clock } from '../timers/clock.js'

/** Options of `createBot`. Only `adapter` is required. */
export interface BotOptions {
  /** The chat platform adapter. */
  readonly adapter: ChatAdapter
  /** Plugins: classes or specifiers, alone or as `[plugin, options]` (see `plugin()`). */
  readonly plugins?: readonly PluginEntry[]
  /** `memory` (default), `sqlite:<path>`, `redis://…`, or an open backend. */
  readonly storage?: string | StorageBackend
  /** Root logger (default: pino at `info` on stdout). */
  readonly logger?: Logger
  /** Clock (default: the real one). Hook timeouts always run on real time. */
  readonly clock?: Clock
  /** Command prefix, `!` by default. */
  readonly prefix?: string
  /**
   * Per-plugin permission overrides, by plugin name: `{ deny: [...] }` or `{ allow: [...] }`. A plugin
   * whose required permission is taken away does not start (code `PERMISSION_DENIED`); permissions
   * it lists as `optionalPermissions` may be taken away.
   */
  readonly permissions?: Readonly<Record<string, PermissionOverride>>
  /**
   * Where plugins run, by the plugin's key in `plugins` (its specifier) or its manifest name:
   * `{ 'banter-plugin-dice': { isolation: 'isolate', memoryMb: 32, cpuMs: 50, network: [] } }`.
   * Anything but `inline` needs `@banter/sandbox` installed. A plugin keyed by its specifier is
   * loaded inside its guest; one keyed only by manifest name is read in this process first.
   */
  readonly sandbox?: Readonly<Record<string, SandboxSettings>>
  /**
   * Access levels for commands: `{ admin: { users: ['123'] }, moderator: { roles: ['987', { guild: '42', role: 'Mods' }] } }`
   * (role ids, or role names together with their guild).
   */
  readonly access?: AccessConfig
  /** Timeouts for calls into plugins (real time, even with a fake clock). */
  readonly timeouts?: { readonly [Key in keyof PluginTimeouts]?: number | undefined }
  /**
   * The circuit breaker: `threshold` failures in a row of one handler switch it off (default 5);
   * after `cooldownMs` (default 30000, doubled at each new trip, at most 10 minutes) it is switched on
   * again on trial. `cooldownMs: 0` keeps it off until `enable` or `reload`.
   */
  readonly circuitBreaker?: {
    readonly threshold?: number | undefined
    readonly cooldownMs?: number | undefined
  }
  /** Folder relative plugin paths and package names are resolved from (default: the working directory). */
  readonly baseDir?: string
  /**
   * More folders to resolve plugin packages from, after `baseDir` (the bot app adds its own, so the
   * official plugins it ships are found from any config folder).
   */
  readonly resolvePaths?: readonly string[]
  /** Plugins that must be active for the bot to count as ready (default: none). */
  readonly required?: readonly string[]
  /** How long `stop()` waits for messages in flight, in milliseconds (default 10000). */
  readonly drainMs?: number
  /**
   * Where option changes made at run time (`bot.plugins.configure`) are persisted; the bot app
   * writes them back into its config file. Without it they last until the bot stops.
   */
  readonly configStore?: ConfigStore
  /**
   * Plugins switched on or off, and options overridden, per guild and per channel, by plugin name:
   * `{ openai: { channels: { '123': { enabled: false } } }, timestamp: { guilds: { '42': { options: { format: 'HH:mm' } } } } }`.
   */
  readonly scopes?: ScopesConfig
}

export type { ReceiveResult } from '../runtime/message-flow.js'

export type { BotStatus } from './bot-status.js'
