/** An opaque handle returned by a {@link Clock}'s timer functions. */
export type TimerHandle = { readonly __timer?: never } | number | object

/**
 * Time as the bot sees it. The real clock wraps the global timers; `@banter/core/testing` swaps in a
 * fake clock so that tests move time by hand. Plugins never touch the global timers directly: they use
 * `ctx.timers`, which goes through this clock and is cleaned up when the plugin stops.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Calls `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle
  /** Cancels a timeout. */
  clearTimeout(handle: TimerHandle): void
  /** Calls `fn` every `ms`. `unref` lets the process exit while it runs (real clock only). */
  setInterval(fn: () => void, ms: number, options?: { unref?: boolean }): TimerHandle
  /** Cancels an interval. */
  clearInterval(handle: TimerHandle): void
}

/** The real clock: `Date.now` and the global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (fn, ms, options) => {
    const handle = setInterval(fn, ms)
    if (options?.unref) handle.unref()
    return handle
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
}
