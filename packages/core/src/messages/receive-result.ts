import type { ChatMessage } from './chat-message.js'

/** The outcome of `bot.receive`. */
export interface ReceiveResult {
  /** The message as the pipeline left it; `undefined` when a plugin stopped it. */
  readonly message: ChatMessage | undefined
  /** The plugin that stopped it, when one did. */
  readonly stoppedBy?: string
  /** The command it ran, when it was one. */
  readonly command?: string
}
