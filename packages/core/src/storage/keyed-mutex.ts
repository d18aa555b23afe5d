import { AsyncLocalStorage } from 'node:async_hooks'

/** Why {@link KeyedMutex.run} gave up. @internal */
export type MutexRefusal = 'timeout' | 'reentrant'

/**
 * In-process mutual exclusion per key: callers of `run` with the same key take turns in arrival
 * order, callers with other keys do not wait. A caller that waits longer than its `waitMs` gives up
 * without breaking the queue, and a call made from inside a critical section of the same key is
 * refused at once instead of waiting for itself forever. Idle keys hold no memory.
 *
 * @internal
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>()
  readonly #held = new AsyncLocalStorage<readonly Holding[]>()

  /**
   * Runs `fn` alone among the callers of `key`. Waits at most `waitMs` for the turn; on timeout, or
   * when the current call chain already holds `key`, throws what `refuse` builds.
   */
  async run<Result>(
    key: string,
    waitMs: number,
    refuse: (why: MutexRefusal) => Error,
    fn: () => Promise<Result>,
  ): Promise<Result> {
    const held = this.#held.getStore() ?? []
    if (held.some((h) => h.active && h.key === key)) throw refuse('reentrant')
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
    const holding: Holding = { key, active: false }
    try {
      if (previous && !(await within(previous, waitMs))) throw refuse('timeout')
      holding.active = true
      return await this.#held.run([...held, holding], fn)
    } finally {
      // Work that `fn` left running keeps this context but no longer holds the key.
      holding.active = false
      release()
    }
  }
}

interface Holding {
  readonly key: string
  active: boolean
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
