/** The person or bot who wrote a message. */
export interface ChatUser {
  /** Platform user id. */
  readonly id: string
  /** Display name. */
  readonly name: string
  /** Whether the author is a bot (the adapter ignores other bots unless configured). */
  readonly bot: boolean
  /** Platform role ids the user holds where the message was written (for access levels). */
  readonly roles?: readonly string[]
  /** The names of those roles, when the platform has names (matched only with their guild). */
  readonly roleNames?: readonly string[]
}

/** A file attached to an incoming message. Its bytes are fetched only when `read()` is called. */
export interface ChatAttachment {
  /** Platform attachment id. */
  readonly id: string
  /** File name as uploaded. */
  readonly name: string
  /** Size in bytes as reported by the platform. */
  readonly size: number
  /** MIME type as reported by the platform (not trusted: sniff the bytes). */
  readonly contentType?: string
  /** Where the platform serves it, when it has a URL. */
  readonly url?: string
  /** Downloads the bytes (adapters cap the size). */
  read(): Promise<Uint8Array>
}

/** Who a message mentions. */
export interface ChatMentions {
  /** Mentioned user ids. */
  readonly users: readonly string[]
  /** Mentioned role ids. */
  readonly roles: readonly string[]
  /** `@everyone` / `@here`. */
  readonly everyone: boolean
  /** Whether the bot itself is mentioned. */
  readonly bot: boolean
}

/**
 * An incoming chat message, the same on every platform. Plugins never mutate it: a pipeline hook
 * returns a changed copy (`{ ...msg, content }`).
 */
export interface ChatMessage {
  /** Platform message id. */
  readonly id: string
  /** Channel (or DM) id. */
  readonly channelId: string
  /** Guild / server id, absent in direct messages. */
  readonly guildId?: string
  /** The author. */
  readonly author: ChatUser
  /** Text content. */
  readonly content: string
  /** Attached files. */
  readonly attachments: readonly ChatAttachment[]
  /** Mentions. */
  readonly mentions: ChatMentions
  /** Id of the message this one replies to. */
  readonly replyTo?: string
  /** When it was written, in milliseconds since the epoch. */
  readonly timestamp: number
  /** The platform it came from: `console`, `discord`, `test`, ... */
  readonly platform: string
  /**
   * Set when the platform delivered a structured command (a Discord slash command): the command and
   * its options, which the command runner validates as they are, never re-parsing `content`.
   * `content` still holds a readable `!command ...` line for logs and listeners.
   */
  readonly invocation?: CommandInvocation
}

/** A command as a platform delivered it, with structured arguments. */
export interface CommandInvocation {
  /** The command name. */
  readonly command: string
  /** Its options by name. */
  readonly args: Readonly<Record<string, unknown>>
}

/** A file sent with an outgoing message. */
export interface OutgoingAttachment {
  /** File name. */
  readonly name: string
  /** File bytes. */
  readonly data: Uint8Array
  /** MIME type. */
  readonly contentType?: string
}

/**
 * A message on its way out, as the outbound pipeline sees it. `onMessageSent` hooks return a changed
 * copy of it (the timestamp plugin prefixes `content`).
 */
export interface OutgoingMessage {
  /** Target channel. */
  readonly channelId: string
  /** Text content (adapters split it past the platform's length limit). */
  readonly content: string
  /** Id of the message this one answers. */
  readonly replyTo?: string
  /** Files to upload. */
  readonly attachments?: readonly OutgoingAttachment[]
  /** The plugin that sent it (`core` for built-in commands). */
  readonly source: string
  /** When set, this is an edit of the message with that id rather than a new message. */
  readonly editOf?: string
  /**
   * An idempotency key: an adapter that supports it (Discord's `nonce` with `enforce_nonce`)
   * makes sure the same key posts once.
   */
  readonly nonce?: string
}

/** A reference to a message already on the platform. */
export interface MessageRef {
  /** Channel id. */
  readonly channelId: string
  /** Message id. */
  readonly id: string
}

/** An outgoing message after the adapter delivered it. */
export interface SentMessage extends OutgoingMessage {
  /** Platform message id (of the first part when the adapter split it). */
  readonly id: string
  /** Ids of every part when the adapter split a long message. */
  readonly partIds?: readonly string[]
}

/** What a plugin passes to `ctx.messages.send`: text, or a draft without `source` and `channelId`. */
export type MessageDraft = string | Omit<OutgoingMessage, 'source' | 'channelId' | 'editOf'>

/**
 * Returned from `onMessageReceived` to drop the message: no later plugin, event listener or command
 * sees it.
 */
export const STOP: unique symbol = Symbol.for('banter.stop') as never

/** The type of {@link STOP}. */
export type Stop = typeof STOP
