import { fromErrorData, toErrorData } from '../wire/error-data.js'
import { plainData } from '../wire/plain-data.js'
import type { ErrorData, GuestMessage } from '../wire/protocol.js'

/** How a guest talks to its host: a worker's parent port, or the callbacks an isolate was given. */
export interface GuestPort {
  /** Sends a batch of messages to the host (asynchronously). */
  post(batch: GuestMessage[]): void
  /** Asks the host and blocks until it answers: `{ ok, v }` or `{ ok: false, e }`. */
  sync(op: string, a: unknown): { ok: true; v: unknown } | { ok: false; e: ErrorData }
}

/**
 * Which host call the running code serves, so that what it causes (a message sent from a listener)
 * is attributed to that call on the host. A worker tracks it across awaits (AsyncLocalStorage); an
 * isolate only knows the call whose code, or whose answer, ran last.
 */
export interface CauseTracker {
  /** The call being served, or 0. */
  current(): number
  /** Runs `fn` as part of call `cause`. */
  run<Result>(cause: number, fn: () => Result): Result
}

/** A tracker for isolates: the last call that ran (no async context exists there). */
export function simpleTracker(): CauseTracker {
  let cause = 0
  return {
    current: () => cause,
    run: (next, fn) => {
      cause = next
      return fn()
    },
  }
}

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
  readonly cause: number
}

/**
 * The guest's end of the wire: batches what it sends (one post per turn), matches answers to
 * requests, and offers synchronous requests for the few context calls that must answer at once.
 */
export class GuestChannel {
  readonly #port: GuestPort
  readonly #causes: CauseTracker
  readonly #pending = new Map<number, Pending>()
  #queue: GuestMessage[] = []
  #scheduled = false
  #next = 1
  readonly #flush = (): void => {
    this.#scheduled = false
    const batch = this.#queue
    if (batch.length === 0) return
    this.#queue = []
    try {
      this.#port.post(batch)
    } catch {
      // Something in the batch does not survive a copy (a function, a class instance): send each
      // message as plain data, or as the error it caused.
      for (const message of batch) this.#postOne(message)
    }
  }

  constructor(port: GuestPort, causes: CauseTracker) {
    this.#port = port
    this.#causes = causes
  }

  #postOne(message: GuestMessage): void {
    try {
      this.#port.post([message])
      return
    } catch {}
    let fallback: GuestMessage | undefined
    if (message.t === 'done' && message.ok) fallback = { ...message, v: plainData(message.v) }
    else if (message.t === 'req') fallback = { ...message, a: plainData(message.a) }
    else if (message.t === 'log') fallback = { ...message, o: plainData(message.o) }
    try {
      if (fallback) this.#port.post([fallback])
    } catch (error) {
      if (message.t === 'done')
        this.#port.post([{ t: 'done', id: message.id, ok: false, e: toErrorData(error) }])
      else if (message.t === 'req' && message.id !== 0)
        this.answer(message.id, false, undefined, toErrorData(error))
    }
  }

  /**
   * Takes what was queued so far, for a caller that carries it back itself (an isolate returns it as
   * the result of the call that delivered the batch: one hop fewer than posting it). The scheduled
   * flush then finds nothing, or what was queued after.
   */
  take(): GuestMessage[] {
    const batch = this.#queue
    this.#queue = []
    return batch
  }

  /** The cause tracker. */
  get causes(): CauseTracker {
    return this.#causes
  }

  /** Queues a message for the host. */
  send(message: GuestMessage): void {
    this.#queue.push(message)
    if (!this.#scheduled) {
      this.#scheduled = true
      Promise.resolve().then(this.#flush)
    }
  }

  /** A context operation the host answers. */
  request(op: string, a: unknown): Promise<unknown> {
    const id = this.#next++
    const cause = this.#causes.current()
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, cause })
      this.send({ t: 'req', id, op, a, c: cause })
    })
  }

  /** A context operation without an answer. */
  cast(op: string, a: unknown): void {
    this.send({ t: 'req', id: 0, op, a, c: this.#causes.current() })
  }

  /** A context operation that answers synchronously (blocks the guest until the host answered). */
  sync(op: string, a: unknown): unknown {
    const answer = this.#port.sync(op, a)
    if (answer.ok) return answer.v
    throw fromErrorData(answer.e)
  }

  /** A log line for the host logger. */
  log(level: string, object: unknown, message: string): void {
    this.send({ t: 'log', l: level, o: object, m: message })
  }

  /** The result of host call `id`. */
  done(id: number, result: { ok: true; v: unknown } | { ok: false; error: unknown }): void {
    if (result.ok) this.send({ t: 'done', id, ok: true, v: result.v })
    else this.send({ t: 'done', id, ok: false, e: toErrorData(result.error) })
  }

  /** An answer from the host to request `id`. */
  answer(id: number, ok: boolean, value: unknown, error: ErrorData | undefined): void {
    const pending = this.#pending.get(id)
    if (!pending) return
    this.#pending.delete(id)
    this.#causes.run(pending.cause, () => {
      if (ok) pending.resolve(value)
      else pending.reject(fromErrorData(error as ErrorData))
    })
  }
}
