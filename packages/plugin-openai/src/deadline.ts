import type { Disposer, PluginTimers } from '@banter/core'
import { openaiError } from './error-codes.js'

/**
 * One request's time limit on the bot clock (so tests move it with the fake clock), joined with the
 * plugin's stop signal and the caller's signal: `signal` aborts on whichever comes first.
 */
export class Deadline {
  /** Aborts when time is up, the plugin stops, or the caller aborts. */
  readonly signal: AbortSignal
  readonly #cancel: Disposer
  #timedOut = false

  constructor(timers: PluginTimers, ms: number, signals: readonly (AbortSignal | undefined)[]) {
    const own = new AbortController()
    this.#cancel = timers.setTimeout(() => {
      this.#timedOut = true
      own.abort(openaiError('OPENAI_TIMEOUT', `the answer did not finish within ${ms} ms`))
    }, ms)
    this.signal = AbortSignal.any([own.signal, ...signals.filter((s): s is AbortSignal => s !== undefined)])
  }

  /** Whether the time limit (rather than a stop) ended the request. */
  get timedOut(): boolean {
    return this.#timedOut
  }

  /** Cancels the timer. */
  dispose(): void {
    this.#cancel()
  }
}

/** Rejects with the signal's reason as soon as it aborts, whatever `promise` does. */
export function raceAbort<Value>(promise: Promise<Value>, signal: AbortSignal): Promise<Value> {
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  return new Promise<Value>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
