/**
 * The stop switch of one run executing in this process: a cancel request, the run's timeout or the
 * worker closing aborts it, and the running step (if it waits) sees its own signal aborted.
 *
 * Not an `AbortController`: most steps answer at once and never look at a signal, and a Node
 * `AbortController` (an `EventTarget` and its maps) costs more to make than the rest of such a step.
 * A step that waits gets a real signal, linked to this switch ({@link RunControl.onAbort}).
 */
export class RunControl {
  #aborted = false
  #reason: unknown
  #listeners: ((reason: unknown) => void)[] | undefined

  /**
   * @param source The signal of the driver that handed the job over (its abort means "closing").
   */
  constructor(readonly source: AbortSignal) {}

  /** Whether the run was asked to stop. */
  get aborted(): boolean {
    return this.#aborted
  }

  /** Why it was (the first reason given). */
  get reason(): unknown {
    return this.#reason
  }

  /** Asks the run to stop; later calls change nothing. */
  abort(reason: unknown): void {
    if (this.#aborted) return
    this.#aborted = true
    this.#reason = reason
    const listeners = this.#listeners
    this.#listeners = undefined
    if (listeners) for (const listener of listeners) listener(reason)
  }

  /**
   * Calls `listener` once when the run is asked to stop (at once when it was already). Returns a
   * function that removes it.
   */
  onAbort(listener: (reason: unknown) => void): () => void {
    if (this.#aborted) {
      listener(this.#reason)
      return () => undefined
    }
    const listeners = this.#listeners ?? []
    this.#listeners = listeners
    listeners.push(listener)
    return () => {
      const index = this.#listeners?.indexOf(listener) ?? -1
      if (index >= 0) this.#listeners?.splice(index, 1)
    }
  }
}
