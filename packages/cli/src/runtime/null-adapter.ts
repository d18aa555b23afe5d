import type { ChatAdapter, DeliveryReceipt } from '@banter/core'

/** An adapter that connects to nothing: for inspecting plugins (`banter plugins list`) without chatting. */
export class NullAdapter implements ChatAdapter {
  readonly platform = 'none'
  #ids = 0
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(): Promise<DeliveryReceipt> {
    return { id: `null-${++this.#ids}` }
  }
  async edit(): Promise<void> {}
  async delete(): Promise<void> {}
  async react(): Promise<void> {}
}
