import type { ChatMessage, MessageDraft, MessageRef, SentMessage } from './chat-message.js'

/**
 * Sending and changing messages (`ctx.messages`). Everything goes through the outbound pipeline and
 * carries the plugin's name as `source`. Needs `messages:send` (`messages:delete` for delete).
 */
export interface PluginMessages {
  /** Posts to a channel. */
  send(channelId: string, draft: MessageDraft): Promise<SentMessage>
  /** Answers a message in its channel. */
  reply(to: ChatMessage | MessageRef, draft: MessageDraft): Promise<SentMessage>
  /** Replaces the content of a message the bot sent. */
  edit(ref: MessageRef, draft: MessageDraft): Promise<SentMessage>
  /** Deletes a message. */
  delete(ref: MessageRef): Promise<void>
  /** Adds a reaction. */
  react(ref: MessageRef, emoji: string): Promise<void>
}
