import type { AdapterHost, ChatAdapter, DeliveryReceipt, OutgoingMessage } from '@banter/core'

/**
 * The smallest adapter a bot runs with: it keeps nothing and answers every send with an id, so the
 * benchmark measures the bot and not the adapter.
 */
export class MemoryAdapter implements ChatAdapter {
  readonly platform = 'bench'
  readonly maxMessageLength = 2000
  /** Messages the bot sent. */
  sent = 0
  #ids = 0

  async start(_host: AdapterHost): Promise<void> {}

  async stop(): Promise<void> {}

  async send(_message: OutgoingMessage): Promise<DeliveryReceipt> {
    this.sent += 1
    return { id: `sent-${++this.#ids}` }
  }

  async edit(): Promise<void> {}

  async delete(): Promise<void> {}

  async react(): Promise<void> {}
}
