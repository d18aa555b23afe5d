import { AsyncLocalStorage } from 'node:async_hooks'
import type { AdapterHost } from '../adapter/adapter-host.js'
import type { ChatAdapter, DeliveryReceipt } from '../adapter/chat-adapter.js'
import { BanterError } from '../errors/banter-error.js'
import type { MessageRef, OutgoingMessage, SentMessage } from '../messages/chat-message.js'
import { createMessage, type MessageInit } from '../messages/create-message.js'

/** One thing the bot did through the test adapter. */
export type AdapterOperation =
  | { readonly type: 'send'; readonly message: SentMessage }
  | { readonly type: 'edit'; readonly ref: MessageRef; readonly message: OutgoingMessage }
  | { readonly type: 'delete'; readonly ref: MessageRef }
  | { readonly type: 'react'; readonly ref: MessageRef; readonly emoji: string }

/** A message the bot sent, as it stands now (after edits). */
export interface TestSentMessage extends SentMessage {
  /** Contents before each edit, oldest first. */
  readonly history: readonly string[]
  /** Whether it was deleted. */
  readonly deleted: boolean
  /** Reactions added to it. */
  readonly reactions: readonly string[]
}

interface MutableSent {
  message: SentMessage
  history: string[]
  deleted: boolean
  reactions: string[]
}

/**
 * An in-memory adapter for tests: `receive` injects a message and resolves to what the bot sent in
 * answer to it (tracked through async context, so sends from listeners and commands count, as well
 * as replies). Every operation is recorded in `operations`.
 */
export class TestAdapter implements ChatAdapter {
  readonly platform = 'test'
  readonly maxMessageLength: number
  /** Every operation, in order. */
  readonly operations: AdapterOperation[] = []
  /** Set an error here to make the next operation of that type fail once. */
  readonly failNext: { send?: Error; edit?: Error; delete?: Error; react?: Error } = {}
  readonly #sent = new Map<string, MutableSent>()
  /** Ids of sent messages by the message they reply to, so `receive` finds its replies without a scan. */
  readonly #replies = new Map<string, string[]>()
  readonly #cause = new AsyncLocalStorage<string[]>()
  #host: AdapterHost | undefined
  #ids = 0

  constructor(options: { maxMessageLength?: number } = {}) {
    this.maxMessageLength = options.maxMessageLength ?? 2000
  }

  async start(host: AdapterHost): Promise<void> {
    this.#host = host
  }

  async stop(): Promise<void> {
    this.#host = undefined
  }

  /** Every message the bot sent, as it stands now. */
  get sent(): TestSentMessage[] {
    return [...this.#sent.values()].map((s) => this.#view(s))
  }

  /** The message the bot sent with id `id`, as it stands now. */
  message(id: string): TestSentMessage | undefined {
    const entry = this.#sent.get(id)
    return entry ? this.#view(entry) : undefined
  }

  /**
   * Injects a message from a user and resolves to the messages the bot sent because of it, as they
   * stand once the bot finished with it.
   */
  async receive(input: string | MessageInit, now?: number): Promise<TestSentMessage[]> {
    const host = this.#host
    if (!host) throw new BanterError('BOT_STOPPED', 'the test adapter is not started')
    const message = createMessage(
      typeof input === 'string' ? { content: input } : input,
      now ?? host.clock.now(),
    )
    const caused: string[] = []
    await this.#cause.run(caused, () => host.receive(message))
    const ids = new Set(caused)
    for (const id of this.#replies.get(message.id) ?? []) ids.add(id)
    return [...ids].map((id) => this.#view(this.#sent.get(id) as MutableSent))
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    this.#maybeFail('send')
    const id = `sent-${++this.#ids}`
    const sent: SentMessage = { ...message, id }
    this.#sent.set(id, { message: sent, history: [], deleted: false, reactions: [] })
    if (sent.replyTo !== undefined) {
      const replies = this.#replies.get(sent.replyTo)
      if (replies) replies.push(id)
      else this.#replies.set(sent.replyTo, [id])
    }
    this.operations.push({ type: 'send', message: sent })
    this.#cause.getStore()?.push(id)
    return { id }
  }

  async edit(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.#maybeFail('edit')
    const entry = this.#sent.get(ref.id)
    if (entry) {
      entry.history.push(entry.message.content)
      entry.message = { ...entry.message, content: message.content }
    }
    this.operations.push({ type: 'edit', ref, message })
  }

  async delete(ref: MessageRef): Promise<void> {
    this.#maybeFail('delete')
    const entry = this.#sent.get(ref.id)
    if (entry) entry.deleted = true
    this.operations.push({ type: 'delete', ref })
  }

  async react(ref: MessageRef, emoji: string): Promise<void> {
    this.#maybeFail('react')
    this.#sent.get(ref.id)?.reactions.push(emoji)
    this.operations.push({ type: 'react', ref, emoji })
  }

  #maybeFail(type: 'send' | 'edit' | 'delete' | 'react'): void {
    const error = this.failNext[type]
    if (error) {
      delete this.failNext[type]
      throw error
    }
  }

  #view(entry: MutableSent): TestSentMessage {
    return {
      ...entry.message,
      history: [...entry.history],
      deleted: entry.deleted,
      reactions: [...entry.reactions],
    }
  }
}
