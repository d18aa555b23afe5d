/**
 * In-process mutual exclusion per key: callers of `run` with the same key take turns in arrival
 * order, callers with other keys do not wait. A caller that waits longer than its `waitMs` gives up
 * without breaking the queue. Idle keys hold no memory.
 *
 * A call made from inside a critical section of the same key waits for itself until its `waitMs`
 * runs out. Detecting that at once would need `AsyncLocalStorage`, which on Node 20 turns on async
 * hooks for every promise of the process, a cost the message hot path should not pay.
 *
 * @internal
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>()

  /** Runs `fn` alone among the callers of `key`; waits at most `waitMs` for the turn, else throws `timeout()`. */
  async run<Result>(
    key: string,
    waitMs: number,
    timeout: () => Error,
    fn: () => Promise<Result>,
  ): Promise<Result> {
    const previous = this.#tails.get(key)
    let release!: () => void
    const done = new Promise<void>((resolve) => {
      release = resolve
    })
    // The next caller waits for the previous one AND this one, so a caller that gives up early
    // (releasing at once) still keeps the queue behind the one that is running.
    const tail = previous ? previous.then(() => done) : done
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    try {
      if (previous && !(await within(previous, waitMs))) throw timeout()
      return await fn()
    } finally {
      release()
    }
  }
}

/** Whether `promise` settles within `ms`. */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms))
  })
  try {
    return await Promise.race([promise.then(() => true as const), timeout])
  } finally {
    clearTimeout(timer)
  }
}
