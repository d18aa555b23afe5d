/**
 * A plugin's own key-value store (`ctx.storage`), namespaced by plugin name. Values are anything
 * JSON can hold. Backed by memory, SQLite or Redis depending on the bot's `storage` option; with
 * Redis, every shard and worker sees the same data.
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
  /** Every key and value of this plugin (backends that cannot list keys throw `STORAGE_UNAVAILABLE`). */
  entries<Value = unknown>(): AsyncIterable<[string, Value]>
}
