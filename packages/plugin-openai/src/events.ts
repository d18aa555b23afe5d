import type { EventError } from '@banter/core'

/** Payload of `openai.answered`: an answer was posted in chat (complete or cut off). */
export interface OpenAIAnsweredEvent {
  /** The channel. */
  readonly channelId: string
  /** Who asked. */
  readonly userId: string
  /** The chat messages of the answer, in order. */
  readonly messageIds: readonly string[]
  /**
   * The answer as the model wrote it (without the cut-off note or what the outbound pipeline adds);
   * with `max-messages`, only its start (what the messages show, and a little more).
   */
  readonly text: string
  /**
   * `stop`, `length`, `content_filter`, ... as the server said, `cut-off` (timeout, lost connection),
   * or `max-messages` (cut at `maxMessagesPerAnswer` messages).
   */
  readonly finishReason: string
  /** The model that answered. */
  readonly model: string
  /** Commands the model ran as tools. */
  readonly toolCalls: number
}

/** Payload of `openai.failed`: a question got no answer (refused, or the request failed). */
export interface OpenAIFailedEvent {
  /** The channel. */
  readonly channelId: string
  /** Who asked. */
  readonly userId: string
  /** Why: an `OPENAI_...` code and a message without secrets. */
  readonly error: EventError
}

/** Payload of `openai.tool`: the model ran a bot command as a tool. */
export interface OpenAIToolEvent {
  /** The channel. */
  readonly channelId: string
  /** The user it ran as. */
  readonly userId: string
  /** The command. */
  readonly command: string
  /** The command line, without the prefix. */
  readonly line: string
  /** Whether the command ran to completion. */
  readonly ok: boolean
}

declare module '@banter/core' {
  interface BotEvents {
    /** An answer was posted (complete or cut off). */
    'openai.answered': OpenAIAnsweredEvent
    /** A question got no answer. */
    'openai.failed': OpenAIFailedEvent
    /** The model ran a bot command as a tool. */
    'openai.tool': OpenAIToolEvent
  }
}
