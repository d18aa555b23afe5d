import { performance } from 'node:perf_hooks'
import type { Clock } from '../timers/clock.js'

/** Something the {@link Watchdog} expires once its deadline passes. */
export interface Expirable {
  /** Deadline on the watchdog's real-time scale (see {@link Watchdog.deadline}). */
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
 * Each tick it expires the calls whose deadline has passed.
 *
 * Timeouts are a safety net against hangs, so they run on real time even when the bot's clock is a
 * fake one in tests: a handler waiting on real I/O is never abandoned because a test moved the fake
 * clock. While a call is being watched the interval keeps the process alive, so a hung `initialize`
 * ends with its timeout error instead of the process exiting silently.
 */
export class Watchdog {
  /** The bot clock's time at the last tick (coarse, for "last used" stamps). */
  now: number
  /** Real time (`performance.now()`) at the last tick. */
  realNow: number
  /**
   * Counts ticks (and starts): a small integer, so that "once per tick" checks on the hot path compare
   * integers instead of reading two boxed fractions.
   */
  ticks = 0
  readonly #clock: Clock
  readonly #tickMs: number
  #head: Expirable | undefined
  #size = 0
  #handle: NodeJS.Timeout | undefined
  #holding = false

  constructor(clock: Clock, tickMs = 50) {
    this.#clock = clock
    this.#tickMs = tickMs
    this.now = clock.now()
    this.realNow = performance.now()
  }

  /** Starts ticking (idempotent). */
  start(): void {
    if (this.#handle !== undefined) return
    this.realNow = performance.now()
    this.ticks = (this.ticks + 1) & 0x3fffffff
    this.#handle = setInterval(() => this.tick(), this.#tickMs)
    this.#holding = this.#size > 0
    if (!this.#holding) this.#handle.unref()
  }

  /** Stops ticking; calls still pending stay pending until `start` again. */
  stop(): void {
    if (this.#handle === undefined) return
    clearInterval(this.#handle)
    this.#handle = undefined
    this.#holding = false
  }

  /**
   * The deadline of a call starting now that may take `timeoutMs`. The coarse `realNow` is at most one
   * tick old: adding a tick means a call is never abandoned before its full timeout.
   */
  deadline(timeoutMs: number): number {
    return this.realNow + timeoutMs + this.#tickMs
  }

  /** Watches `entry` until {@link Watchdog.untrack} or its deadline. */
  track(entry: Expirable): void {
    entry.next = this.#head
    if (this.#head) this.#head.prev = entry
    this.#head = entry
    this.#size += 1
    if (!this.#holding && this.#handle !== undefined) {
      this.#handle.ref()
      this.#holding = true
    }
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

  /** The bot clock's precise time now. */
  clockNow(): number {
    return this.#clock.now()
  }

  /** Number of calls being watched. */
  get pending(): number {
    return this.#size
  }

  /** One tick: refresh the coarse times, expire overdue calls. Public for tests. */
  tick(): void {
    const real = performance.now()
    this.realNow = real
    this.now = this.#clock.now()
    this.ticks = (this.ticks + 1) & 0x3fffffff
    let entry = this.#head
    while (entry) {
      const next = entry.next
      if (entry.deadline <= real) {
        this.untrack(entry)
        entry.expire()
      }
      entry = next
    }
    if (this.#size === 0 && this.#holding && this.#handle !== undefined) {
      this.#handle.unref()
      this.#holding = false
    }
  }
}
