import { toError } from '../errors/banter-error.js'
import { type Guard, type GuardedOwner, timeoutError } from '../runtime/guard.js'
import type { SlotSource } from '../runtime/handler-slot.js'
import type { Expirable, Watchdog } from '../runtime/watchdog.js'
import { ListenerCall } from './listener-call.js'

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
  readonly #guard: Guard
  readonly #watchdog: Watchdog
  /** The event emitted. */
  readonly #event: string
  /** The deadline of a call with no timeout, made now (each call adds its own timeout). */
  readonly #base: number
  /** The calls held, newest first. */
  #first: ListenerCall | undefined = undefined
  #sealed = false
  #resolve: (() => void) | undefined

  constructor(guard: Guard, event: string) {
    this.#guard = guard
    this.#watchdog = guard.watchdog
    this.#event = event
    this.#base = guard.watchdog.deadline(0)
  }

  /**
   * Waits for `promise`, what listener `fn` of `owner` returned (its call counted with `Guard.begin`,
   * which returned `started`).
   */
  hold(
    owner: GuardedOwner,
    fn: unknown,
    slot: SlotSource,
    started: number | undefined,
    promise: PromiseLike<unknown>,
  ): void {
    const timeoutMs = owner.timeoutMs
    const call = new ListenerCall(owner, fn, slot, started, timeoutMs)
    call.next = this.#first
    this.#first = call
    this.count += 1
    const deadline = this.#base + timeoutMs
    if (deadline < this.deadline) this.deadline = deadline
    promise.then(
      () => this.#succeeded(call),
      (error: unknown) => this.#failed(call, error),
    )
  }

  #succeeded(call: ListenerCall): void {
    if (call.settled) return
    call.settled = true
    this.#guard.succeeded(call.owner, call.started, call.slot, call.fn)
    this.#done()
  }

  #failed(call: ListenerCall, error: unknown): void {
    if (call.settled) return
    call.settled = true
    this.#guard.fail(call.owner, this.#event, toError(error), false, call.slot, call.fn)
    this.#done()
  }

  /** One listener ended. */
  #done(): void {
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
    for (let call = this.#first; call !== undefined; call = call.next) {
      if (call.settled) continue
      const deadline = this.#base + call.timeoutMs
      if (deadline <= now) {
        call.settled = true
        const error = timeoutError(call.owner, this.#event, call.timeoutMs)
        this.#guard.fail(call.owner, this.#event, error, true, call.slot, call.fn)
        this.#done()
      } else if (deadline < next) next = deadline
    }
    if (this.count > 0 && next !== Number.POSITIVE_INFINITY) {
      this.deadline = next
      this.#watchdog.track(this)
    }
  }
}
