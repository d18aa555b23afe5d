import type { PendingCall } from '../runtime/guard.js'
import type { Expirable, Watchdog } from '../runtime/watchdog.js'

/**
 * Waits for the asynchronous listeners of one emit: one promise per emit, not one per listener. It
 * also watches their timeouts for the watchdog, as one entry instead of one per listener: a listener
 * that outlives its own deadline is still abandoned at most one tick late, alone.
 */
export class FanOut implements Expirable {
  /** Listeners still running. */
  count = 0
  /** The earliest deadline among the listeners still running. */
  deadline = Number.POSITIVE_INFINITY
  prev: Expirable | undefined = undefined
  next: Expirable | undefined = undefined
  readonly #watchdog: Watchdog
  /** The calls held, linked through their own `next` (the watchdog does not link them). */
  #first: PendingCall<unknown> | undefined = undefined
  #sealed = false
  #resolve: (() => void) | undefined

  constructor(watchdog: Watchdog) {
    this.#watchdog = watchdog
  }

  /** Waits for `call`, one listener's pending result (from `Guard.callInto` with `watched: false`). */
  hold(call: PendingCall<unknown>): void {
    call.fanned = true
    call.next = this.#first
    this.#first = call
    this.count += 1
    call.resolve = this.done
    if (call.deadline < this.deadline) this.deadline = call.deadline
  }

  /** One listener finished (its `PendingCall.resolve`). */
  done = (): void => {
    this.count -= 1
    if (this.count === 0 && this.#sealed) {
      this.#watchdog.untrack(this)
      this.#resolve?.()
    }
  }

  /** Every listener was called: the promise of the ones still running. */
  seal(): Promise<void> {
    this.#sealed = true
    if (this.count === 0) return Promise.resolve()
    this.#watchdog.track(this)
    return new Promise((resolve) => {
      this.#resolve = resolve
    })
  }

  /**
   * The earliest deadline passed (the watchdog no longer watches this): abandons every listener whose
   * own deadline passed, and is watched again until the next one if some are still running.
   */
  expire(): void {
    const now = this.#watchdog.realNow
    let next = Number.POSITIVE_INFINITY
    for (let call = this.#first; call !== undefined; call = call.next as PendingCall<unknown> | undefined) {
      if (call.settled) continue
      if (call.deadline <= now) call.expire()
      else if (call.deadline < next) next = call.deadline
    }
    if (this.count > 0 && next !== Number.POSITIVE_INFINITY) {
      this.deadline = next
      this.#watchdog.track(this)
    }
  }
}
