import type { ChatMessage } from '../messages/chat-message.js'
import { assertChatMessage } from '../messages/create-message.js'
import type { ReceiveResult } from '../messages/receive-result.js'
import { isStopped, type Stopped } from '../pipeline/message-pipeline.js'

export type { ReceiveResult }

import type { Runtime } from './runtime.js'

/**
 * The inbound message path: inbound pipeline, then `message.received` listeners and the command (if
 * any), counting messages in flight so the bot can drain them. It stays synchronous until a plugin
 * returns a promise, and makes one promise per message at most.
 */
export class MessageFlow {
  /** Messages taken, dropped by a plugin, and sent, since start. */
  readonly counters = { received: 0, stopped: 0, sent: 0 }
  readonly #runtime: Runtime
  #inFlight = 0
  #drained: (() => void) | undefined

  readonly #done = (): void => {
    this.#inFlight -= 1
    if (this.#inFlight === 0) this.#drained?.()
  }

  readonly #doneWith = (result: ReceiveResult): ReceiveResult => {
    this.#done()
    return result
  }

  readonly #failedWith = (error: unknown): never => {
    this.#done()
    throw error
  }

  readonly #afterPipeline = (piped: ChatMessage | Stopped): ReceiveResult | Promise<ReceiveResult> => {
    if (isStopped(piped)) {
      this.counters.stopped += 1
      return { message: undefined, stoppedBy: piped.stoppedBy }
    }
    // Core handed `piped` out already: `receive` recorded the message taken, and the pipeline each
    // copy a hook made.
    const { events, runner } = this.#runtime
    const listeners = events.has('message.received')
      ? events.dispatch('message.received', { message: piped })
      : undefined
    const command = runner.run(piped)
    if (command === undefined)
      return listeners === undefined ? { message: piped } : listeners.then(() => ({ message: piped }))
    const withCommand = (name: string) => (name ? { message: piped, command: name } : { message: piped })
    if (listeners === undefined) return command.then(withCommand)
    return Promise.all([listeners, command]).then(([, name]) => withCommand(name))
  }

  constructor(runtime: Runtime) {
    this.#runtime = runtime
    runtime.events.on('message.sent', () => {
      this.counters.sent += 1
    })
  }

  /** Messages being processed right now. */
  get inFlight(): number {
    return this.#inFlight
  }

  /**
   * Takes one inbound message. A malformed message is refused with `MESSAGE_INVALID` before anything
   * is counted.
   */
  receive(message: ChatMessage): Promise<ReceiveResult> {
    try {
      assertChatMessage(message)
    } catch (error) {
      this.#runtime.logger.warn({ err: error }, (error as Error).message)
      return Promise.reject(error)
    }
    this.counters.received += 1
    this.#inFlight += 1
    this.#runtime.issued.add(message)
    if (message.guildId !== undefined) this.#runtime.scopes.learn(message)
    const piped = this.#runtime.inbound.run(message)
    const result = piped instanceof Promise ? piped.then(this.#afterPipeline) : this.#afterPipeline(piped)
    // Not `finally`: it makes two more promises per message.
    if (result instanceof Promise) return result.then(this.#doneWith, this.#failedWith)
    this.#done()
    return Promise.resolve(result)
  }

  /** Resolves once no message is in flight. */
  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const previous = this.#drained
      this.#drained = () => {
        previous?.()
        this.#drained = undefined
        resolve()
      }
    })
  }
}
