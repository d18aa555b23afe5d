/**
 * Background work plugins started with `ctx.background`: kept per plugin, so a stopping plugin's
 * work is awaited (bounded) before its `destroy()`, and bot-wide, so `bot.stop()` and
 * `bot.settle()` wait for all of it.
 */
export class TaskTracker {
  readonly #all = new Set<Promise<unknown>>()
  readonly #byOwner = new Map<string, Set<Promise<unknown>>>()

  /** Tracks `task` for `owner` until it settles. */
  track(owner: string, task: Promise<unknown>): void {
    this.#all.add(task)
    let own = this.#byOwner.get(owner)
    if (own === undefined) {
      own = new Set()
      this.#byOwner.set(owner, own)
    }
    own.add(task)
    const mine = own
    const forget = () => {
      this.#all.delete(task)
      mine.delete(task)
      if (mine.size === 0 && this.#byOwner.get(owner) === mine) this.#byOwner.delete(owner)
    }
    task.then(forget, forget)
  }

  /** Tasks still running, bot-wide. */
  get size(): number {
    return this.#all.size
  }

  /** Tasks of `owner` still running. */
  pending(owner: string): number {
    return this.#byOwner.get(owner)?.size ?? 0
  }

  /** Resolves once every task (and every task those start) has settled. */
  async settle(): Promise<void> {
    while (this.#all.size > 0) await Promise.allSettled([...this.#all])
  }

  /**
   * Waits for `owner`'s tasks, at most `ms` of real time; resolves to the number still running when
   * it gave up.
   */
  async settleOwner(owner: string, ms: number): Promise<number> {
    const own = this.#byOwner.get(owner)
    if (own === undefined || own.size === 0) return 0
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms)
    })
    const done = (async () => {
      while (own.size > 0) await Promise.allSettled([...own])
    })()
    await Promise.race([done, late])
    clearTimeout(timer)
    return own.size
  }
}
