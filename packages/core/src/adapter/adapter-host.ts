import type { Logger } from 'pino'
import type { CommandInfo } from '../commands/command.js'
import type { BotEvents } from '../events/bot-events.js'
import type { ChatMessage } from '../messages/chat-message.js'
import type { ReceiveResult } from '../messages/receive-result.js'
import type { Disposer } from '../runtime/disposables.js'
import type { Clock } from '../timers/clock.js'

/** Events an adapter may emit: what happens on the platform besides messages. */
export type AdapterEventName = 'member.joined'

/**
 * What an adapter gets from the bot: a narrow door, not the bot itself. The adapter turns platform
 * events into messages and hands them to `receive`; the bot queues messages that arrive before its
 * plugins are active, so adapters keep no buffers of their own.
 */
export interface AdapterHost {
  /** Takes one inbound message; resolves once the bot handled it (rejects with `MESSAGE_INVALID` or `BOT_STOPPED`). */
  receive(message: ChatMessage): Promise<ReceiveResult>
  /** The command prefix. */
  readonly prefix: string
  /** The bot's clock. */
  readonly clock: Clock
  /** The bot's logger (adapters take a child). */
  readonly logger: Logger
  /** Emits a platform event (`member.joined`) to the plugins. */
  emit<Name extends AdapterEventName>(name: Name, payload: BotEvents[Name]): Promise<void>
  /** The bot's commands, for platforms that register them (Discord slash commands). */
  readonly commands: {
    /** Every command now. */
    list(): CommandInfo[]
    /** The command named (or aliased) `name`. */
    find(name: string): CommandInfo | undefined
    /** Calls `listener` after commands were added or removed; returns a disposer. */
    watch(listener: () => void): Disposer
  }
}
