import { userInfo } from 'node:os'
import { createInterface, type Interface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { AdapterHost, ChatAdapter, DeliveryReceipt, MessageRef, OutgoingMessage } from '@banter/core'
import { createMessage, renderMentions } from '@banter/core'

/** Options of {@link ConsoleAdapter}. */
export interface ConsoleAdapterOptions {
  /** Where lines are read (default stdin). */
  readonly input?: Readable
  /** Where replies are printed (default stdout). */
  readonly output?: Writable
  /** The local user's id (default `console`). */
  readonly userId?: string
  /** The local user's name (default the OS user name). */
  readonly userName?: string
  /** Called once the input ended and every pending reply was delivered. */
  readonly onEnd?: () => void
}

/**
 * The embedded default adapter: each line typed (or piped) is a message from the local user in
 * channel `console`; replies, edits, deletes and reactions are printed. At the end of input it waits
 * for pending replies, then calls `onEnd`.
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console'
  readonly maxMessageLength = 4000
  readonly #input: Readable
  readonly #output: Writable
  readonly #userId: string
  readonly #userName: string
  readonly #onEnd: (() => void) | undefined
  readonly #pending = new Set<Promise<unknown>>()
  #reader: Interface | undefined
  #ids = 0
  #interactive: boolean

  constructor(options: ConsoleAdapterOptions = {}) {
    this.#input = options.input ?? process.stdin
    this.#output = options.output ?? process.stdout
    this.#userId = options.userId ?? 'console'
    this.#userName = options.userName ?? safeUserName()
    this.#onEnd = options.onEnd
    this.#interactive = Boolean((this.#input as { isTTY?: boolean }).isTTY)
  }

  async start(host: AdapterHost): Promise<void> {
    const reader = createInterface({ input: this.#input, terminal: false })
    this.#reader = reader
    if (this.#interactive)
      this.#print(`Banter is listening. Type ${host.prefix}help for commands, Ctrl+D to quit.`)
    reader.on('line', (line) => {
      const content = line.trim()
      if (content === '') return
      const message = createMessage(
        {
          content,
          channelId: 'console',
          platform: 'console',
          author: { id: this.#userId, name: this.#userName, bot: false },
          id: `console-${++this.#ids}`,
        },
        host.clock.now(),
      )
      const pending = host.receive(message).catch((error: unknown) => {
        host.logger.warn({ err: error }, `the message was not handled: ${(error as Error).message}`)
      })
      this.#pending.add(pending)
      void pending.finally(() => this.#pending.delete(pending))
    })
    reader.once('close', () => {
      void this.drain().then(() => this.#onEnd?.())
    })
  }

  /** Resolves once every message read so far has been handled. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending])
  }

  async stop(): Promise<void> {
    this.#reader?.close()
    this.#reader = undefined
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const id = `bot-${++this.#ids}`
    this.#print(
      message.content,
      message.attachments?.length ? ` [${message.attachments.map((a) => a.name).join(', ')}]` : '',
    )
    return { id }
  }

  async edit(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.#print(`(edited ${ref.id}) ${message.content}`)
  }

  async delete(ref: MessageRef): Promise<void> {
    this.#print(`(deleted message ${ref.id})`)
  }

  async react(ref: MessageRef, emoji: string): Promise<void> {
    this.#print(`(reacted ${emoji} to ${ref.id})`)
  }

  #print(text: string, suffix = ''): void {
    // Mentions (`<@id>`) read as @name for the local user, @id for anyone else.
    const shown = renderMentions(text, (id) => `@${id === this.#userId ? this.#userName : id}`)
    this.#output.write(`bot> ${shown.replaceAll('\n', '\n     ')}${suffix}\n`)
  }
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'you'
  }
}
