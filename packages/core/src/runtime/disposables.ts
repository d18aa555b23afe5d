/** A function that undoes one registration. Calling it twice is harmless. */
export type Disposer = () => void

/**
 * Collects the disposers of everything a plugin registered through its context, and runs them all,
 * newest first, when the plugin stops. A disposer that throws does not stop the others.
 */
export class Disposables {
  #items: Disposer[] = []

  /** Adds a disposer; returns one that runs it early and forgets it. */
  add(dispose: Disposer): Disposer {
    let done = false
    const once: Disposer = () => {
      if (done) return
      done = true
      const at = this.#items.indexOf(once)
      if (at !== -1) this.#items.splice(at, 1)
      dispose()
    }
    this.#items.push(once)
    return once
  }

  /** How many disposers are waiting. */
  get size(): number {
    return this.#items.length
  }

  /** Runs every disposer, newest first; returns the errors thrown on the way. */
  disposeAll(): Error[] {
    const errors: Error[] = []
    const items = this.#items
    this.#items = []
    for (let i = items.length - 1; i >= 0; i--) {
      try {
        items[i]?.()
      } catch (error) {
        errors.push(error instanceof Error ? error : new Error(String(error)))
      }
    }
    return errors
  }
}
