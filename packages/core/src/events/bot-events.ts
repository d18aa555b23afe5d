import type { ChatMessage, ChatUser, SentMessage } from '../messages/chat-message.js'
import type { SecurityThreat } from '../plugins/security-types.js'

/** An error as events carry it: plain data, safe to log. */
export interface EventError {
  /** The {@link BanterError} code, or `HOOK_FAILED` for any other error a plugin threw. */
  readonly code: string
  /** The message (never contains secrets the bot knows of). */
  readonly message: string
}

/**
 * Every event of the bot and its payload. Events are dotted (`message.received`); a plugin's own
 * events are `<plugin>.<event>`. Plugins add theirs by module augmentation:
 *
 * @example
 * ```ts
 * declare module '@banter/core' {
 *   interface BotEvents {
 *     'reminder.due': { readonly channelId: string; readonly text: string }
 *   }
 * }
 * ```
 */
export interface BotEvents {
  /** The adapter is connected and every plugin that could start has started. */
  'bot.ready': { readonly platform: string; readonly plugins: readonly string[] }
  /** The bot is shutting down; listeners may flush state. */
  'bot.stopping': { readonly reason: string }
  /** A message passed the inbound pipeline (needs `messages:read` to listen). */
  'message.received': { readonly message: ChatMessage }
  /** The adapter delivered an outgoing message (or an edit of one). */
  'message.sent': { readonly message: SentMessage }
  /** A command ran, successfully or not. */
  'command.executed': {
    readonly command: string
    readonly plugin: string
    readonly message: ChatMessage
    readonly ok: boolean
    readonly error?: EventError
    readonly durationMs: number
  }
  /** A plugin was loaded (registered; it may not be active yet). */
  'plugin.loaded': { readonly name: string; readonly version: string }
  /** A plugin became active. */
  'plugin.enabled': { readonly name: string }
  /** A plugin was unloaded and everything it registered was removed. */
  'plugin.unloaded': { readonly name: string }
  /** A call into a plugin failed, timed out, or was refused for lack of permission. */
  'plugin.error': {
    readonly name: string
    readonly hook: string
    readonly error: EventError
    readonly timedOut: boolean
  }
  /** A plugin's options were changed at run time (values of secret options masked as `***`). */
  'plugin.configured': {
    readonly name: string
    /** `hook` (its onConfigChange), `restart`, or `stored` (not running). */
    readonly applied: string
    readonly changes: readonly { readonly path: string; readonly before: unknown; readonly after: unknown }[]
  }
  /** A plugin was disabled: by hand, by the circuit breaker, or because a dependency went down. */
  'plugin.disabled': { readonly name: string; readonly reason: string; readonly code?: string }
  /** A member joined a guild (adapters that can see it emit it). */
  'member.joined': { readonly guildId: string; readonly user: ChatUser; readonly platform: string }
  /** A security plugin found a threat in a message or file. */
  'security.threat': SecurityThreat
}

/** The name of an event in {@link BotEvents}. */
export type BotEventName = keyof BotEvents & string

/** A listener of event `Name`. */
export type EventHandler<Name extends BotEventName> = (payload: BotEvents[Name]) => void | Promise<void>
