import type { ChatAttachment, ChatMessage } from '@banter/core'
import { plainData } from '../wire/plain-data.js'
import { MESSAGE_CACHE_SIZE, type MessageRef } from '../wire/protocol.js'

type AnyRecord = Record<string, unknown>

/** Whether `value` looks like an inbound chat message (what the guest caches). */
export function isChatMessage(value: unknown): value is ChatMessage {
  const m = value as Partial<ChatMessage> | null
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.channelId === 'string' &&
    typeof m.author === 'object' &&
    Array.isArray(m.attachments)
  )
}

/**
 * The host's mirror of the guest's message cache: a message crosses once per guest, with an id;
 * afterwards (the listener, the command, a reply that names it) only the id crosses. Ids run in one
 * ring of {@link MESSAGE_CACHE_SIZE} on both sides, so the host knows which ids the guest still holds.
 */
export class MessageRefs {
  readonly #ids = new WeakMap<object, number>()
  readonly #ring: (ChatMessage | undefined)[] = new Array(MESSAGE_CACHE_SIZE)
  #next = 1

  /** The reference for `message`, carrying the message itself the first time. */
  encode(message: ChatMessage): MessageRef {
    const id = this.#ids.get(message)
    if (id !== undefined && this.#ring[id % MESSAGE_CACHE_SIZE] === message) return { r: id }
    const next = this.#next++
    this.#ring[next % MESSAGE_CACHE_SIZE] = message
    this.#ids.set(message, next)
    return { r: next, m: plainData(message) }
  }

  /** The host's own message for an id the guest sent back, when still cached. */
  get(id: unknown): ChatMessage | undefined {
    if (typeof id !== 'number' || !Number.isInteger(id)) return undefined
    const message = this.#ring[id % MESSAGE_CACHE_SIZE]
    return message && this.#ids.get(message) === id ? message : undefined
  }

  /**
   * Takes in a changed message the guest returned for `original`: plain data only (no prototype can
   * come along), its attachments matched back to the original ones (which can be read).
   */
  adopt(data: unknown, original: ChatMessage): ChatMessage {
    const message = plainData(data) as AnyRecord
    if (typeof message !== 'object' || message === null) return message as never
    const attachments = Array.isArray(message.attachments) ? (message.attachments as AnyRecord[]) : []
    message.attachments = attachments.map((a): ChatAttachment => {
      const same = original.attachments.find((o) => o.id === a.id)
      return same ?? ({ ...a, read: () => Promise.reject(new Error('this attachment has no data')) } as never)
    })
    return message as unknown as ChatMessage
  }
}
