/** Options of the storage operations that write: {@link PluginStorage.increment} and {@link PluginStorage.update}. */
export interface StorageWriteOptions {
  /**
   * Milliseconds the key lives from this write on (sets or refreshes its expiry). Without it the key
   * keeps the expiry it had, and a key created by the call never expires.
   */
  readonly ttl?: number | undefined
}

/**
 * The function {@link PluginStorage.update} runs: gets the current value (`undefined` when the key is
 * missing or expired) and returns the new one, or `undefined` to delete the key. It may run more than
 * once (after a conflict), so it must not have side effects of its own.
 */
export type StorageUpdater<Value> = (
  current: Value | undefined,
) => Value | undefined | Promise<Value | undefined>

/**
 * A plugin's own key-value store (`ctx.storage`), namespaced by plugin name. Values are anything
 * JSON can hold. Backed by memory, SQLite or Redis depending on the bot's `storage` option; with
 * Redis, every shard and worker sees the same data.
 *
 * Messages are handled concurrently, so two calls of a handler may run at the same time (and, with
 * Redis, in other processes). A `get` followed by a `set` can lose a write: use {@link increment},
 * {@link update} or `ctx.locks.run` for read-modify-write.
 */
export interface PluginStorage {
  /** The value under `key`, or `undefined`. */
  get<Value = unknown>(key: string): Promise<Value | undefined>
  /** Stores `value` under `key`, for `ttlMs` milliseconds when given. */
  set<Value = unknown>(key: string, value: Value, ttlMs?: number): Promise<void>
  /** Removes `key`; resolves whether it existed. */
  delete(key: string): Promise<boolean>
  /** Whether `key` holds a value. */
  has(key: string): Promise<boolean>
  /** Removes every key of this plugin. */
  clear(): Promise<void>
  /**
   * Every key and value of this plugin, as an `AsyncIterable<[key, value]>` (keys without the
   * plugin's namespace, in no set order, expired keys skipped). Use it with `for await`. To read only
   * some keys, {@link list} them by prefix.
   */
  entries<Value = unknown>(): AsyncIterable<[string, Value]>
  /**
   * Atomically adds `by` (default 1, may be negative or fractional) to the number under `key` and
   * resolves to the new value; a missing or expired key starts from 0. Atomic across processes on
   * Redis and SQLite. `get` afterwards returns the number. Rejects with `STORAGE_VALUE_INVALID` when
   * the key holds something other than a number or `by` is not a finite number.
   *
   * @example
   * ```ts
   * const count = await ctx.storage.increment(`count:${message.author.id}`)
   * const hits = await ctx.storage.increment('hits:minute', 1, { ttl: 60_000 })
   * ```
   */
  increment(key: string, by?: number, options?: StorageWriteOptions): Promise<number>
  /**
   * Read-modify-write without lost updates: runs `fn` on the current value and stores what it
   * returns, only if nobody changed the key in between; otherwise reads again and retries (a bounded
   * number of times with jittered backoff, then rejects with `STORAGE_CONFLICT`). Returning
   * `undefined` deletes the key; returning a value equal (as JSON) to the current one writes nothing
   * and leaves the expiry as it was. Resolves to the value `fn` returned last. Atomic across processes
   * on Redis and SQLite, and within the process on memory. `fn` may run more than once; it must not
   * call `update` on the same key (that call would wait for the running one, then reject with
   * `STORAGE_CONFLICT` after 10 s).
   *
   * @example
   * ```ts
   * const reminders = await ctx.storage.update<string[]>(`reminders:${userId}`, (list = []) =>
   *   list.length >= 3 ? list : [...list, text],
   * )
   * ```
   */
  update<Value = unknown>(
    key: string,
    fn: StorageUpdater<Value>,
    options?: StorageWriteOptions,
  ): Promise<Value | undefined>
  /**
   * The keys of this plugin that start with `prefix` (all keys when omitted) and their values, sorted
   * by key, as one array: `[[key, value], ...]`. Reads only the matching keys where the backend can
   * (a key range on SQLite, `SCAN MATCH` on Redis). Expired keys are left out.
   *
   * @example
   * ```ts
   * for (const [key, text] of await ctx.storage.list<string>(`reminders:${userId}:`)) ...
   * ```
   */
  list<Value = unknown>(prefix?: string): Promise<Array<[string, Value]>>
}
