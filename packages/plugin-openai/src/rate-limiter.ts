import type { PluginStorage } from '@banter/core'

/** The outcome of {@link RateLimiter.take}. */
export type RateDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false /** When the next question is allowed, in milliseconds from now. */
      readonly retryInMs: number
    }

/**
 * A per-user sliding-window limit (`max` questions per `windowMs`), kept in plugin storage so every
 * shard counts the same questions (with Redis storage). Time is the bot clock's.
 *
 * The window is read, trimmed and extended in one atomic `storage.update`, so questions of the same
 * user arriving at once — on one shard or several — never pass the limit together.
 */
export class RateLimiter {
  readonly #storage: PluginStorage
  readonly #max: number
  readonly #windowMs: number
  readonly #now: () => number

  constructor(storage: PluginStorage, max: number, windowMs: number, now: () => number) {
    this.#storage = storage
    this.#max = max
    this.#windowMs = windowMs
    this.#now = now
  }

  /** Counts one question of `userId`, or says when the user may ask again. */
  async take(userId: string): Promise<RateDecision> {
    const now = this.#now()
    let decision: RateDecision = { allowed: true }
    await this.#storage.update<number[]>(
      `rate:${userId}`,
      (stored) => {
        const stamps = (Array.isArray(stored) ? stored : [])
          .filter((t): t is number => typeof t === 'number' && t > now - this.#windowMs && t <= now)
          .sort((a, b) => a - b)
        if (stamps.length >= this.#max) {
          const frees = stamps[stamps.length - this.#max] as number
          decision = { allowed: false, retryInMs: Math.max(1, frees + this.#windowMs - now) }
          return stored as number[] | undefined
        }
        decision = { allowed: true }
        return [...stamps, now]
      },
      { ttl: this.#windowMs },
    )
    return decision
  }
}
