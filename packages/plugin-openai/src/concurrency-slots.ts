/**
 * Counts the answers this process writes at once. The limit protects this process (open sockets,
 * memory, the provider's per-key concurrency): it is per process on purpose, and needs no shared
 * storage. Per-user limits that must hold across shards live in storage (the rate limiter).
 */
export class ConcurrencySlots {
  readonly #max: number
  #active = 0

  constructor(max: number) {
    this.#max = max
  }

  /** Answers in progress. */
  get active(): number {
    return this.#active
  }

  /** The limit. */
  get max(): number {
    return this.#max
  }

  /** Takes a slot; `false` when all are taken. */
  tryTake(): boolean {
    if (this.#active >= this.#max) return false
    this.#active += 1
    return true
  }

  /** Gives a slot back. */
  release(): void {
    if (this.#active > 0) this.#active -= 1
  }
}
