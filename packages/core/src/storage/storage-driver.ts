/**
 * What the atomic storage operations need from one backend, below Keyv. Keys are Keyv's keys
 * (`banter:<namespace>:<key>`) and values Keyv's serialized records (`{"value":…,"expires":…}`), so
 * data written either way stays readable both ways.
 *
 * @internal
 */
export interface StorageDriver {
  /** The raw record under `key`, expired or not, or `undefined`. */
  read(key: string): Promise<string | undefined>
  /**
   * Compare-and-swap: when the raw record under `key` is still `expected` (`undefined`: absent),
   * replaces it with `next` (`undefined`: deletes it) expiring at `expiresAt` (epoch ms, or never),
   * and resolves `true`; otherwise changes nothing and resolves `false`.
   */
  swap(
    key: string,
    expected: string | undefined,
    next: string | undefined,
    expiresAt?: number,
  ): Promise<boolean>
  /**
   * Adds `by` to the number record under `key` in one atomic step (a missing or expired record starts
   * from 0). `ttlMs` sets the expiry to now + `ttlMs`; without it the record keeps its expiry. Resolves
   * to the new number, or `undefined` when the record holds something else (nothing is changed).
   */
  increment(key: string, by: number, ttlMs: number | undefined): Promise<number | undefined>
  /** Every raw record whose key starts with `prefix` (expired ones included), read in batches. */
  scan(prefix: string): AsyncIterable<readonly [string, string]>
  /** Leases that make locks hold across processes; `undefined` when the store lives in this process. */
  readonly leases: LeaseStore | undefined
}

/**
 * Named leases with an owner token and an expiry, the cross-process half of `ctx.locks`.
 *
 * @internal
 */
export interface LeaseStore {
  /** Takes the lease `name` for `ttlMs` when it is free or expired; resolves whether it did. */
  acquire(name: string, token: string, ttlMs: number): Promise<boolean>
  /** Extends the lease to now + `ttlMs` if `token` still holds it; resolves whether it did. */
  renew(name: string, token: string, ttlMs: number): Promise<boolean>
  /** Frees the lease if `token` still holds it. */
  release(name: string, token: string): Promise<void>
}
