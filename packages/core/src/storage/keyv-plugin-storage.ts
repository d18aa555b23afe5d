import type Keyv from 'keyv'
import { BanterError } from '../errors/banter-error.js'
import { jitteredDelay, sleep } from './backoff.js'
import type { KeyedMutex } from './keyed-mutex.js'
import type { PluginStorage, StorageUpdater, StorageWriteOptions } from './plugin-storage.js'
import type { StorageDriver } from './storage-driver.js'
import { checkTtl, type StorageTarget, wrap } from './storage-errors.js'
import type { RecordCodec } from './stored-record.js'

/** Attempts of one `update` before it gives up with `STORAGE_CONFLICT`. */
const UPDATE_ATTEMPTS = 100
/** How long an `update` waits for the earlier updates of the same key in this process. */
const UPDATE_QUEUE_WAIT_MS = 10_000

/** What every namespace of one opened store shares. @internal */
export interface StoreParts {
  readonly keyv: Keyv
  readonly driver: StorageDriver
  readonly codec: RecordCodec
  /** Serializes the updates of each key within this process (so they never conflict with each other). */
  readonly updates: KeyedMutex
  readonly target: StorageTarget
  /** Keyv's namespace, which prefixes every key below Keyv (`banter`). */
  readonly keyvNamespace: string
}

/**
 * One plugin's {@link PluginStorage}: plain reads and writes go through Keyv; `increment`, `update`
 * and `list` go through the backend's driver on Keyv's own records.
 *
 * `update` is optimistic: read, run `fn`, compare-and-swap; on a conflict it retries after a jittered
 * backoff. Updates of the same key from this process queue up first, so only other processes (or
 * plain `set`s) can make it retry.
 *
 * @internal
 */
export class KeyvPluginStorage implements PluginStorage {
  readonly #parts: StoreParts
  readonly #name: string
  /** Prefix of this namespace's keys at the Keyv level (`<name>:`). */
  readonly #prefix: string
  /** Prefix of this namespace's keys below Keyv (`banter:<name>:`). */
  readonly #rawPrefix: string

  constructor(parts: StoreParts, name: string) {
    this.#parts = parts
    this.#name = name
    this.#prefix = `${name}:`
    this.#rawPrefix = `${parts.keyvNamespace}:${name}:`
  }

  get<Value>(key: string): Promise<Value | undefined> {
    return wrap(this.#parts.target, () => this.#parts.keyv.get<Value>(this.#prefix + key))
  }

  async set<Value>(key: string, value: Value, ttlMs?: number): Promise<void> {
    await wrap(this.#parts.target, () => this.#parts.keyv.set(this.#prefix + key, value, ttlMs))
  }

  delete(key: string): Promise<boolean> {
    return wrap(this.#parts.target, () => this.#parts.keyv.delete(this.#prefix + key))
  }

  has(key: string): Promise<boolean> {
    return wrap(this.#parts.target, () => this.#parts.keyv.has(this.#prefix + key))
  }

  async clear(): Promise<void> {
    const keys = new Set<string>()
    for await (const [key] of this.#scan('', true)) keys.add(this.#prefix + key)
    if (keys.size > 0) await wrap(this.#parts.target, () => this.#parts.keyv.deleteMany([...keys]))
  }

  async *entries<Value>(): AsyncIterable<[string, Value]> {
    const seen = new Set<string>()
    for await (const [key, value] of this.#scan<Value>('', false)) {
      if (seen.has(key)) continue
      seen.add(key)
      yield [key, value]
    }
  }

  async increment(key: string, by = 1, options: StorageWriteOptions = {}): Promise<number> {
    if (typeof by !== 'number' || !Number.isFinite(by)) {
      throw this.#invalid('increment', key, `"by" must be a finite number, got ${String(by)}`)
    }
    const ttl = checkTtl('increment', key, options.ttl)
    const value = await wrap(this.#parts.target, () =>
      this.#parts.driver.increment(this.#rawPrefix + key, by, ttl),
    )
    if (value === undefined)
      throw this.#invalid('increment', key, 'the key holds a value that is not a number')
    return value
  }

  update<Value>(
    key: string,
    fn: StorageUpdater<Value>,
    options: StorageWriteOptions = {},
  ): Promise<Value | undefined> {
    try {
      const ttl = checkTtl('update', key, options.ttl)
      const raw = this.#rawPrefix + key
      return this.#parts.updates.run(
        raw,
        UPDATE_QUEUE_WAIT_MS,
        () =>
          new BanterError(
            'STORAGE_CONFLICT',
            `storage.update("${key}") of "${this.#name}" waited ${UPDATE_QUEUE_WAIT_MS} ms for earlier updates of the key in this process`,
            {
              plugin: this.#name,
              hint: 'Keep update functions short, and never update a key from inside its own update function.',
            },
          ),
        () => this.#compareAndSwap(key, raw, fn, ttl),
      )
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async list<Value>(prefix = ''): Promise<Array<[string, Value]>> {
    const found = new Map<string, Value>()
    for await (const [key, value] of this.#scan<Value>(prefix, false)) found.set(key, value)
    return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  async #compareAndSwap<Value>(
    key: string,
    raw: string,
    fn: StorageUpdater<Value>,
    ttl: number | undefined,
  ): Promise<Value | undefined> {
    const { driver, codec, target } = this.#parts
    for (let attempt = 1; ; attempt++) {
      const stored = await wrap(target, () => driver.read(raw))
      const current = codec.live<Value>(stored, Date.now())
      const next = await fn(current?.value)
      let swapped: boolean
      if (next === undefined) {
        if (stored === undefined) return undefined
        swapped = await wrap(target, () => driver.swap(raw, stored, undefined))
      } else {
        // Unchanged: nothing to write, and the expiry stays as it was.
        if (current !== undefined && codec.encode(key, next, current.expires) === stored) return next
        const expires = ttl === undefined ? current?.expires : Date.now() + ttl
        const record = codec.encode(key, next, expires)
        swapped = await wrap(target, () => driver.swap(raw, stored, record, expires))
      }
      if (swapped) return next
      if (attempt >= UPDATE_ATTEMPTS) {
        throw new BanterError(
          'STORAGE_CONFLICT',
          `storage.update("${key}") of "${this.#name}" gave up after ${UPDATE_ATTEMPTS} attempts: other writers changed the key each time`,
          { plugin: this.#name, details: { key, attempts: UPDATE_ATTEMPTS } },
        )
      }
      await sleep(jitteredDelay(attempt, 2, 50))
    }
  }

  /**
   * The live records of this namespace under `prefix`, keys relative to the namespace; with `all`,
   * every key (expired ones too) without decoding its value.
   */
  async *#scan<Value>(prefix: string, all: boolean): AsyncIterable<[string, Value]> {
    const { driver, codec, target } = this.#parts
    const iterator = driver.scan(this.#rawPrefix + prefix)[Symbol.asyncIterator]()
    const now = Date.now()
    for (;;) {
      const step = await wrap(target, () => iterator.next())
      if (step.done) return
      const [raw, stored] = step.value
      const key = raw.slice(this.#rawPrefix.length)
      if (all) {
        yield [key, undefined as Value]
        continue
      }
      const record = codec.live<Value>(stored, now)
      if (record !== undefined) yield [key, record.value]
    }
  }

  #invalid(operation: string, key: string, why: string): BanterError {
    return new BanterError(
      'STORAGE_VALUE_INVALID',
      `storage.${operation}("${key}") of "${this.#name}": ${why}`,
      {
        plugin: this.#name,
      },
    )
  }
}
