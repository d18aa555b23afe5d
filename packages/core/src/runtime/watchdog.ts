import type { Clock, TimerHandle } from '../timers/clock.js'

/** Something the {@link Watchdog} expires once its deadline passes. */
export interface Expirable {
  /** Deadline in the clock's milliseconds. */
  readonly deadline: number
  /** Called once, at most one tick after the deadline. */
  expire(): void
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
  readonly #pending = new Set<Expirable>()
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
    this.#pending.add(entry)
  }

  /** Stops watching `entry`. */
  untrack(entry: Expirable): void {
    this.#pending.delete(entry)
  }

  /** The clock's precise time now. */
  clockNow(): number {
    return this.#clock.now()
  }

  /** Number of calls being watched. */
  get pending(): number {
    return this.#pending.size
  }

  /** One tick: refresh `now`, expire overdue calls. Public for tests. */
  tick(): void {
    const now = this.#clock.now()
    this.now = now
    if (this.#pending.size === 0) return
    for (const entry of this.#pending) {
      if (entry.deadline <= now) {
        this.#pending.delete(entry)
        entry.expire()
      }
    }
  }
}
