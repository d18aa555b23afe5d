import type { ChatMessage, MessageRef, OutgoingMessage } from '../messages/chat-message.js'
import type { AdapterHost } from './adapter-host.js'

/** What an adapter returns for a delivered message. */
export interface DeliveryReceipt {
  /** Platform id of the (first) message. */
  readonly id: string
  /** Ids of every part when the message was split. */
  readonly partIds?: readonly string[]
}

/**
 * Connects a bot to a chat platform: turns platform events into {@link ChatMessage}s (handing them to
 * `host.receive`) and delivers outgoing messages. Core knows nothing about any platform; the console,
 * Discord and test adapters implement this.
 */
export interface ChatAdapter {
  /** Platform name, copied into every message (`console`, `discord`, `test`). */
  readonly platform: string
  /** The platform's message length limit; longer messages are split by the adapter. */
  readonly maxMessageLength?: number
  /** `false` while the adapter is not connected (readiness checks use it); absent means connected. */
  readonly connected?: boolean
  /** Connects and starts delivering messages to `host.receive`. */
  start(host: AdapterHost): Promise<void>
  /** Stops taking messages and disconnects. */
  stop(): Promise<void>
  /** Delivers a message. */
  send(message: OutgoingMessage): Promise<DeliveryReceipt>
  /** Replaces the content of a message the bot sent. */
  edit(ref: MessageRef, message: OutgoingMessage): Promise<void>
  /** Deletes a message. */
  delete(ref: MessageRef): Promise<void>
  /** Adds a reaction. */
  react(ref: MessageRef, emoji: string): Promise<void>
}

/** Re-exported for adapters. */
export type { AdapterHost, ChatMessage }
