import { BanterError } from '@banter/core/guest'
import { MESSAGE_CACHE_SIZE, type MessageRef } from '../wire/protocol.js'

type AnyRecord = Record<string, unknown>

/**
 * The guest's copy of the messages the host sent: each message crosses once, with an id; later calls
 * about it (a listener, a command) send only the id. The host mirrors which ids are still here.
 */
export class GuestMessages {
  readonly #ring: (AnyRecord | undefined)[] = new Array(MESSAGE_CACHE_SIZE)
  readonly #ids = new WeakMap<object, number>()
  readonly #request: (op: string, a: unknown) => Promise<unknown>

  constructor(request: (op: string, a: unknown) => Promise<unknown>) {
    this.#request = request
  }

  /** The message a reference names, taking it into the cache when it came with it. */
  take(ref: MessageRef): AnyRecord {
    const slot = ref.r % MESSAGE_CACHE_SIZE
    if (ref.m !== undefined) {
      const message = this.#rebuild(ref.r, ref.m as AnyRecord)
      this.#ring[slot] = message
      this.#ids.set(message, ref.r)
      return message
    }
    const cached = this.#ring[slot]
    if (!cached || this.#ids.get(cached) !== ref.r) {
      throw new BanterError('SANDBOX_CRASHED', `message ${ref.r} is not in the guest's cache`)
    }
    return cached
  }

  /** What to send the host for a message: its id when the host gave it (so the host uses its own object). */
  ref(message: unknown): { r: number } | AnyRecord | undefined {
    if (typeof message !== 'object' || message === null) return undefined
    const id = this.#ids.get(message)
    if (id !== undefined && this.#ring[id % MESSAGE_CACHE_SIZE] === message) return { r: id }
    const { channelId, id: messageId } = message as AnyRecord
    return { channelId, id: messageId }
  }

  #rebuild(id: number, data: AnyRecord): AnyRecord {
    const attachments = Array.isArray(data.attachments) ? (data.attachments as AnyRecord[]) : []
    return {
      ...data,
      attachments: attachments.map((attachment, index) => ({
        ...attachment,
        read: () => this.#request('attachment.read', { r: id, i: index }) as Promise<Uint8Array>,
      })),
    }
  }
}
