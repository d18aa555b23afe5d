/** Waits for the asynchronous listeners of one emit: one promise per emit, not one per listener. */
export class FanOut {
  /** Listeners still running. */
  count = 0
  #sealed = false
  #resolve: (() => void) | undefined
  #promise: Promise<void> | undefined

  /** One listener finished (its `PendingCall.resolve`). */
  done = (): void => {
    this.count -= 1
    if (this.count === 0 && this.#sealed) this.#resolve?.()
  }

  /** Every listener was called: the promise of the ones still running. */
  seal(): Promise<void> {
    this.#sealed = true
    if (this.count === 0) return Promise.resolve()
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve
    })
    return this.#promise
  }
}
