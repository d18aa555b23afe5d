/**
 * Slows down guessing the admin token: after `max` failed logins from one address within `windowMs`,
 * that address may not try again until the window ends (a correct token included).
 */
export class LoginLimiter {
  readonly #failures = new Map<string, { count: number; until: number }>()
  readonly #max: number
  readonly #windowMs: number
  readonly #now: () => number

  constructor(max = 10, windowMs = 60_000, now: () => number = Date.now) {
    this.#max = max
    this.#windowMs = windowMs
    this.#now = now
  }

  /** Milliseconds `from` must wait before trying again, or 0. */
  blockedFor(from: string): number {
    const entry = this.#failures.get(from)
    if (!entry) return 0
    const left = entry.until - this.#now()
    if (left <= 0) {
      this.#failures.delete(from)
      return 0
    }
    return entry.count >= this.#max ? left : 0
  }

  /** Counts a failed login from `from`. */
  failed(from: string): void {
    const now = this.#now()
    const entry = this.#failures.get(from)
    if (!entry || entry.until <= now) this.#failures.set(from, { count: 1, until: now + this.#windowMs })
    else entry.count += 1
    if (this.#failures.size > 10_000) this.#failures.clear()
  }

  /** A successful login clears the address's failures. */
  succeeded(from: string): void {
    this.#failures.delete(from)
  }
}
