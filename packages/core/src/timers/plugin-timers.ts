import type { Disposer } from '../runtime/disposables.js'
import { HandlerSlot } from '../runtime/handler-slot.js'
import type { Clock, TimerHandle } from './clock.js'

/** Counts every live timer of every plugin of a bot (`bot.timers.active`). */
export class TimerCounter {
  /** Timers scheduled and not yet fired or cleared. */
  active = 0
}

/**
 * A plugin's timers (`ctx.timers`): the bot's clock (a fake one in tests), each callback isolated like
 * any plugin call, and every timer cleared when the plugin stops.
 */
export class PluginTimers {
  readonly #clock: Clock
  readonly #counter: TimerCounter
  readonly #wrap: (fn: () => unknown, slot: HandlerSlot) => () => void
  readonly #live = new Map<TimerHandle, 'timeout' | 'interval'>()

  /** @internal `wrap` isolates each callback under its own failure record. */
  constructor(
    clock: Clock,
    counter: TimerCounter,
    wrap: (fn: () => unknown, slot: HandlerSlot) => () => void,
  ) {
    this.#clock = clock
    this.#counter = counter
    this.#wrap = wrap
  }

  /** The bot clock's time, in milliseconds since the epoch. */
  now(): number {
    return this.#clock.now()
  }

  /** Calls `fn` once after `ms`. Returns a disposer that cancels it. */
  setTimeout(fn: () => unknown, ms: number): Disposer {
    const call = this.#wrap(fn, new HandlerSlot('timer', 'timer'))
    const handle = this.#clock.setTimeout(() => {
      this.#forget(handle)
      call()
    }, ms)
    this.#track(handle, 'timeout')
    return () => this.#cancel(handle)
  }

  /**
   * Calls `fn` every `ms`. Returns a disposer that cancels it. `unref` lets the process exit while
   * the interval runs (housekeeping such as sweeping expired records; real clock only).
   */
  setInterval(fn: () => unknown, ms: number, options?: { readonly unref?: boolean }): Disposer {
    let handle: TimerHandle | undefined
    let disposed = false
    const start = () => {
      handle = this.#clock.setInterval(this.#wrap(fn, slot), ms, options?.unref ? { unref: true } : undefined)
      this.#track(handle, 'interval')
    }
    const slot: HandlerSlot = new HandlerSlot(
      'interval',
      'timer',
      () => {
        if (handle !== undefined) this.#cancel(handle)
      },
      // Back after the breaker's cool-down, unless the plugin cancelled it meanwhile.
      () => {
        if (disposed) return 'gone'
        start()
        return 'on'
      },
    )
    start()
    return () => {
      disposed = true
      if (handle !== undefined) this.#cancel(handle)
    }
  }

  /** Resolves after `ms`; rejects with the signal's reason when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const onAbort = () => {
        cancel()
        reject(signal?.reason)
      }
      const cancel = this.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Timers of this plugin still live. */
  get active(): number {
    return this.#live.size
  }

  /** @internal Clears every timer (the plugin stopped). */
  clearAll(): void {
    for (const handle of [...this.#live.keys()]) this.#cancel(handle)
  }

  #track(handle: TimerHandle, kind: 'timeout' | 'interval'): void {
    this.#live.set(handle, kind)
    this.#counter.active += 1
  }

  #forget(handle: TimerHandle): boolean {
    if (!this.#live.delete(handle)) return false
    this.#counter.active -= 1
    return true
  }

  #cancel(handle: TimerHandle): void {
    const kind = this.#live.get(handle)
    if (kind === undefined || !this.#forget(handle)) return
    if (kind === 'timeout') this.#clock.clearTimeout(handle)
    else this.#clock.clearInterval(handle)
  }
}
