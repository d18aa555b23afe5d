import type { Clock, TimerHandle } from '../timers/clock.js'

/** Something the {@link Watchdog} expires once its deadline passes. */
export interface Expirable {
  /** Deadline in the clock's milliseconds. */
  readonly deadline: number
  /** Called once, at most one tick after the deadline. */
  expire(): void
  /** @internal Links of the watchdog's list (no hashing, O(1) removal). */
  prev: Expirable | undefined
  /** @internal */
  next: Expirable | undefined
}

/**
 * One interval per bot that enforces every handler timeout: no timer per call, no `Promise.race`.
 * Each tick it expires the calls whose deadline has passed and refreshes a coarse `now` that the hot
 * path reads instead of calling the clock.
 */
export class Watchdog {
  /** The clock's time at the last tick (coarse, for "last used" stamps). */
  now: number
  readonly #clock: Clock
  readonly #tickMs: number
  #head: Expirable | undefined
  #size = 0
  #handle: TimerHandle | undefined

  constructor(clock: Clock, tickMs = 50) {
    this.#clock = clock
    this.#tickMs = tickMs
    this.now = clock.now()
  }

  /** Starts ticking (idempotent). The interval never keeps the process alive. */
  start(): void {
    if (this.#handle !== undefined) return
    this.#handle = this.#clock.setInterval(() => this.tick(), this.#tickMs, { unref: true })
  }

  /** Stops ticking; calls still pending stay pending until `start` again. */
  stop(): void {
    if (this.#handle === undefined) return
    this.#clock.clearInterval(this.#handle)
    this.#handle = undefined
  }

  /** Watches `entry` until {@link Watchdog.untrack} or its deadline. */
  track(entry: Expirable): void {
    entry.next = this.#head
    if (this.#head) this.#head.prev = entry
    this.#head = entry
    this.#size += 1
  }

  /** Stops watching `entry`. */
  untrack(entry: Expirable): void {
    const { prev, next } = entry
    if (prev) prev.next = next
    else if (this.#head === entry) this.#head = next
    else return
    if (next) next.prev = prev
    entry.prev = undefined
    entry.next = undefined
    this.#size -= 1
  }

  /** The tick interval in milliseconds. */
  get tickMs(): number {
    return this.#tickMs
  }

  /** The clock's precise time now. */
  clockNow(): number {
    return this.#clock.now()
  }

  /** Number of calls being watched. */
  get pending(): number {
    return this.#size
  }

  /** One tick: refresh `now`, expire overdue calls. Public for tests. */
  tick(): void {
    const now = this.#clock.now()
    this.now = now
    let entry = this.#head
    while (entry) {
      const next = entry.next
      if (entry.deadline <= now) {
        this.untrack(entry)
        entry.expire()
      }
      entry = next
    }
  }
}
