import type { Disposer } from '@banter/core'
import type { GuestChannel } from './guest-channel.js'

interface Timer {
  readonly fn: () => unknown
  readonly repeat: boolean
}

/**
 * The guest's timers (`ctx.timers`, and the global `setTimeout` family in an isolate). Every timer
 * lives on the host, on the bot's clock (a fake one in tests), and is cleared when the plugin stops;
 * when it fires, the host calls into the guest, under the same time limits as a hook.
 */
export class GuestTimers {
  readonly #timers = new Map<number, Timer>()
  readonly #channel: GuestChannel
  #next = 1

  constructor(channel: GuestChannel) {
    this.#channel = channel
  }

  /** The bot clock's time (asked of the host: in tests it is a fake clock). */
  now(): number {
    return this.#channel.sync('now', null) as number
  }

  /** Calls `fn` once after `ms`. */
  setTimeout(fn: () => unknown, ms: number): Disposer {
    return this.#set(fn, ms, false)
  }

  /** Calls `fn` every `ms`. */
  setInterval(fn: () => unknown, ms: number): Disposer {
    return this.#set(fn, ms, true)
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

  /** Timers still live. */
  get active(): number {
    return this.#timers.size
  }

  /** Host call: timer `tid` fired. */
  fire(tid: number): unknown {
    const timer = this.#timers.get(tid)
    if (!timer) return undefined
    if (!timer.repeat) this.#timers.delete(tid)
    return timer.fn()
  }

  /** Forgets every timer (the host clears its side when the plugin stops). */
  clearAll(): void {
    this.#timers.clear()
  }

  #set(fn: () => unknown, ms: number, repeat: boolean): Disposer {
    if (typeof fn !== 'function') throw new TypeError('a timer needs a function')
    const tid = this.#next++
    this.#timers.set(tid, { fn, repeat })
    this.#channel.cast('timers.set', { tid, ms: Number(ms) || 0, repeat })
    return () => {
      if (this.#timers.delete(tid)) this.#channel.cast('timers.clear', { tid })
    }
  }
}
