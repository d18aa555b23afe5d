import type { ChatAdapter } from '../adapter/chat-adapter.js'
import { BanterError, isBanterError } from '../errors/banter-error.js'
import type { EventManager } from '../events/event-manager.js'
import type { MessagePipeline } from '../pipeline/message-pipeline.js'
import type { MessageDraft, MessageRef, OutgoingMessage, SentMessage } from './chat-message.js'

/** Turns a draft into an outgoing message. */
export function toOutgoing(
  channelId: string,
  source: string,
  draft: MessageDraft,
  extra: Partial<OutgoingMessage> = {},
): OutgoingMessage {
  return typeof draft === 'string'
    ? { channelId, content: draft, source, ...extra }
    : { ...draft, ...extra, channelId, source }
}

/**
 * Delivers outgoing messages: outbound pipeline, then the adapter, then `message.sent`. Used by every
 * plugin's `ctx.messages` and by the bot's own replies.
 */
export class Messenger {
  readonly #adapter: () => ChatAdapter | undefined
  readonly #outbound: MessagePipeline<OutgoingMessage>
  readonly #events: EventManager

  /** @internal */
  constructor(
    adapter: () => ChatAdapter | undefined,
    outbound: MessagePipeline<OutgoingMessage>,
    events: EventManager,
  ) {
    this.#adapter = adapter
    this.#outbound = outbound
    this.#events = events
  }

  /** Sends (or, with `editOf`, edits) a message through the outbound pipeline. */
  async deliver(message: OutgoingMessage): Promise<SentMessage> {
    const adapter = this.#require('send messages')
    const piped = this.#outbound.run(message)
    const final = (piped instanceof Promise ? await piped : piped) as OutgoingMessage
    let sent: SentMessage
    try {
      if (final.editOf !== undefined) {
        await adapter.edit({ channelId: final.channelId, id: final.editOf }, final)
        sent = { ...final, id: final.editOf }
      } else {
        const receipt = await adapter.send(final)
        sent = receipt.partIds
          ? { ...final, id: receipt.id, partIds: receipt.partIds }
          : { ...final, id: receipt.id }
      }
    } catch (cause) {
      throw this.#wrap(cause, `deliver a message to channel ${final.channelId}`)
    }
    const done = this.#events.dispatch('message.sent', { message: sent })
    if (done) await done
    return sent
  }

  /** Edits a message the bot sent. */
  edit(ref: MessageRef, source: string, draft: MessageDraft): Promise<SentMessage> {
    return this.deliver(toOutgoing(ref.channelId, source, draft, { editOf: ref.id }))
  }

  /** Deletes a message. */
  async delete(ref: MessageRef): Promise<void> {
    const adapter = this.#require('delete messages')
    try {
      await adapter.delete(ref)
    } catch (cause) {
      throw this.#wrap(cause, `delete message ${ref.id}`)
    }
  }

  /** Reacts to a message. */
  async react(ref: MessageRef, emoji: string): Promise<void> {
    const adapter = this.#require('react')
    try {
      await adapter.react(ref, emoji)
    } catch (cause) {
      throw this.#wrap(cause, `react to message ${ref.id}`)
    }
  }

  #require(action: string): ChatAdapter {
    const adapter = this.#adapter()
    if (!adapter) throw new BanterError('BOT_STOPPED', `cannot ${action}: the bot has no running adapter`)
    return adapter
  }

  #wrap(cause: unknown, action: string): Error {
    if (isBanterError(cause)) return cause
    return new BanterError(
      'ADAPTER_FAILED',
      `the adapter could not ${action}: ${(cause as Error)?.message ?? String(cause)}`,
      {
        cause,
      },
    )
  }
}
