import {
  type AdapterHost,
  type ChatAdapter,
  type ChatMessage,
  createMessage,
  type DeliveryReceipt,
  type MessageInit,
  type OutgoingMessage,
} from '@banter/core'

/**
 * The adapter of the soak run: it keeps nothing (a recording adapter would itself grow without
 * bound), counts what the bot does and checks every reply against the platform limit.
 */
export class SoakAdapter implements ChatAdapter {
  readonly platform = 'soak'
  readonly maxMessageLength = 2000
  /** What the bot did, by kind. */
  readonly counts = { sent: 0, edited: 0, deleted: 0, reacted: 0, overLimit: 0, pongs: 0 }
  #host: AdapterHost | undefined
  #ids = 0

  async start(host: AdapterHost): Promise<void> {
    this.#host = host
  }

  async stop(): Promise<void> {
    this.#host = undefined
  }

  /** Delivers a user message to the bot; resolves once the bot is done with it. */
  async receive(init: MessageInit): Promise<void> {
    const host = this.#host
    if (host === undefined) throw new Error('the soak adapter is not started')
    const message: ChatMessage = createMessage(init, host.clock.now())
    await host.receive(message)
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    this.counts.sent += 1
    if (message.content.length > this.maxMessageLength) this.counts.overLimit += 1
    if (message.content.endsWith('pong')) this.counts.pongs += 1
    return { id: `soak-${++this.#ids}` }
  }

  async edit(_ref: unknown, message: OutgoingMessage): Promise<void> {
    this.counts.edited += 1
    if (message.content.length > this.maxMessageLength) this.counts.overLimit += 1
  }

  async delete(): Promise<void> {
    this.counts.deleted += 1
  }

  async react(): Promise<void> {
    this.counts.reacted += 1
  }
}
