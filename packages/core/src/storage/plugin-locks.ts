/** Options of {@link PluginLocks.run}. */
export interface LockOptions {
  /**
   * How long, in milliseconds, the lock outlives a holder that crashed (default 30 000). While `fn`
   * runs the lock is renewed, so `fn` may take longer than this. Only matters across processes (SQLite
   * and Redis storage).
   */
  readonly ttlMs?: number | undefined
  /** How long, in milliseconds, to wait for the lock before rejecting with `LOCK_TIMEOUT` (default 10 000). */
  readonly waitMs?: number | undefined
}

/**
 * Per-key critical sections of one plugin (`ctx.locks`), namespaced like its storage: while one
 * `run(key, fn)` is inside `fn`, every other `run` with the same key waits, in this process and, with
 * SQLite or Redis storage, in every process sharing the store.
 */
export interface PluginLocks {
  /**
   * Waits for the lock on `key`, runs `fn`, releases the lock and resolves to what `fn` returned
   * (or rejects with what it threw). Rejects with `LOCK_TIMEOUT` when the lock is not obtained within
   * `waitMs`. Locks are not re-entrant: `run` on the same key inside `fn` waits for itself until its
   * `waitMs` runs out.
   *
   * `fn` gets an `AbortSignal` that aborts if the lock is lost while `fn` runs (the store stayed
   * unreachable longer than `ttlMs`, so another process may now hold it); long work should check it.
   *
   * @example
   * ```ts
   * await ctx.locks.run(`wallet:${userId}`, async () => {
   *   const balance = (await ctx.storage.get<number>(`wallet:${userId}`)) ?? 0
   *   if (balance >= price) await ctx.storage.set(`wallet:${userId}`, balance - price)
   * })
   * ```
   */
  run<Result>(
    key: string,
    fn: (signal: AbortSignal) => Promise<Result> | Result,
    options?: LockOptions,
  ): Promise<Result>
}
