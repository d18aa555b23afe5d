import FakeTimers from '@sinonjs/fake-timers'
import type { Clock } from '../timers/clock.js'

/** A clock that moves only when a test moves it. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, running due timers synchronously. */
  tick(ms: number): void
  /** Moves time forward by `ms`, letting promises settle between timers. */
  tickAsync(ms: number): Promise<void>
  /** Runs every pending timer (and those they schedule), letting promises settle. */
  runAllAsync(): Promise<void>
  /** Sets the current time without running timers. */
  setNow(time: number | Date): void
  /** Pending timers. */
  readonly pending: number
}

/** The instant fake clocks start at unless told otherwise: 2026-11-22 09:30:00 UTC. */
export const DEFAULT_FAKE_NOW = Date.UTC(2026, 10, 22, 9, 30, 0)

/**
 * Creates a fake clock (on `@sinonjs/fake-timers`, without touching the global timers).
 *
 * @example
 * ```ts
 * const clock = createFakeClock()
 * clock.setTimeout(() => done = true, 1000)
 * await clock.tickAsync(1000)
 * ```
 */
export function createFakeClock(start: number | Date = DEFAULT_FAKE_NOW): FakeClock {
  const sinon = FakeTimers.createClock(typeof start === 'number' ? start : start.getTime(), 100_000)
  return {
    now: () => sinon.now,
    setTimeout: (fn, ms) => sinon.setTimeout(fn, ms),
    clearTimeout: (handle) => sinon.clearTimeout(handle as number),
    setInterval: (fn, ms) => sinon.setInterval(fn, ms),
    clearInterval: (handle) => sinon.clearInterval(handle as number),
    tick: (ms) => {
      sinon.tick(ms)
    },
    tickAsync: async (ms) => {
      await sinon.tickAsync(ms)
    },
    runAllAsync: async () => {
      await sinon.runAllAsync()
    },
    setNow: (time) => sinon.setSystemTime(time),
    get pending() {
      return sinon.countTimers()
    },
  }
}
