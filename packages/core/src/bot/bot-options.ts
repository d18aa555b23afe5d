import type { Logger } from 'pino'
import type { ChatAdapter } from '../adapter/chat-adapter.js'
import type { AccessConfig } from '../commands/access.js'
import type { PermissionOverride } from '../permissions/permissions.js'
import type { PluginEntry } from '../plugins/plugin-manager.js'
import type { PluginTimeouts } from '../plugins/plugin-runtime.js'
import type { StorageBackend } from '../storage/storage-backend.js'
import type { Clock } from '../timers/clock.js'

/** Options of `createBot`. Only `adapter` is required. */
export interface BotOptions {
  /** The chat platform adapter. */
  readonly adapter: ChatAdapter
  /** Plugins: classes or specifiers, alone or as `[plugin, options]`. */
  readonly plugins?: readonly PluginEntry[]
  /** `memory` (default), `sqlite:<path>`, `redis://…`, or an open backend. */
  readonly storage?: string | StorageBackend
  /** Root logger (default: pino at `info` on stdout). */
  readonly logger?: Logger
  /** Clock (default: the real one). */
  readonly clock?: Clock
  /** Command prefix, `!` by default. */
  readonly prefix?: string
  /** Per-plugin permission overrides, by plugin name: `{ deny: [...] }` or `{ allow: [...] }`. */
  readonly permissions?: Readonly<Record<string, PermissionOverride>>
  /**
   * Access levels for commands: `{ admin: { users: ['123'] }, moderator: { roles: ['987', { guild: '42', role: 'Mods' }] } }`
   * (role ids, or role names together with their guild).
   */
  readonly access?: AccessConfig
  /** Timeouts for calls into plugins. */
  readonly timeouts?: { readonly [Key in keyof PluginTimeouts]?: number | undefined }
  /** Failures in a row after which a plugin is disabled (default 5). */
  readonly circuitBreaker?: { readonly threshold?: number }
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
}

/** The outcome of `bot.receive`. */
export interface ReceiveResult {
  /** The message as the pipeline left it; `undefined` when a plugin stopped it. */
  readonly message: import('../messages/chat-message.js').ChatMessage | undefined
  /** The plugin that stopped it, when one did. */
  readonly stoppedBy?: string
  /** The command it ran, when it was one. */
  readonly command?: string
}

/** Where a bot is in its life. */
export type BotStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped'
