import { createHash } from 'node:crypto'
import { BanterError } from '../errors/banter-error.js'
import { INCREMENT_SCRIPT, RELEASE_SCRIPT, RENEW_SCRIPT, SWAP_SCRIPT } from './redis-scripts.js'
import type { LeaseStore, StorageDriver } from './storage-driver.js'

interface ScriptCall {
  readonly keys: string[]
  readonly arguments: string[]
}

/** The commands of the node-redis client (v5, under `@keyv/redis`) that the driver sends. */
export interface RedisCommands {
  get(key: string): Promise<string | null>
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>
  eval(script: string, call: ScriptCall): Promise<unknown>
  evalSha(sha: string, call: ScriptCall): Promise<unknown>
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number; TYPE: string },
  ): Promise<{ cursor: string | number; keys: string[] }>
  mGet(keys: string[]): Promise<(string | null)[]>
}

/** The part of `@keyv/redis`'s store the driver uses: its connected client and its key prefix. */
export interface RedisStore {
  getClient(): Promise<unknown>
  createKeyPrefix(key: string, namespace?: string): string
  readonly namespace: string | undefined
}

const SCAN_COUNT = 500

/** A `SCAN MATCH` pattern matching keys that start with `prefix` literally. */
function matchPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`
}

class Script {
  readonly sha: string
  readonly source: string

  constructor(source: string) {
    this.source = source
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  /** EVALSHA, falling back to EVAL (which caches the script) when the server does not know it yet. */
  async run(client: RedisCommands, keys: string[], args: string[]): Promise<unknown> {
    const call = { keys, arguments: args }
    try {
      return await client.evalSha(this.sha, call)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return client.eval(this.source, call)
    }
  }
}

const swap = new Script(SWAP_SCRIPT)
const increment = new Script(INCREMENT_SCRIPT)
const renew = new Script(RENEW_SCRIPT)
const release = new Script(RELEASE_SCRIPT)

/**
 * The atomic operations on Redis, over the connection `@keyv/redis` already holds (no second
 * connection): increment and compare-and-swap are Lua scripts, which Redis runs as one step; listing
 * is `SCAN MATCH` on the prefix, then `MGET`. Leases are the single-instance Redis lock: `SET NX PX`
 * with a random token, renewed and released by scripts that first check the token.
 *
 * @internal
 */
export class RedisDriver implements StorageDriver {
  readonly leases: LeaseStore
  readonly #store: RedisStore
  readonly #storePrefix: string

  /** `leasePrefix` goes before lease names; it must not start with the store's own key prefix. */
  constructor(store: RedisStore, leasePrefix: string) {
    this.#store = store
    this.#storePrefix = store.createKeyPrefix('', store.namespace)
    this.leases = {
      acquire: async (name, token, ttlMs) =>
        (await (await this.#client()).set(leasePrefix + name, token, { NX: true, PX: ttlMs })) === 'OK',
      renew: async (name, token, ttlMs) =>
        Number(await renew.run(await this.#client(), [leasePrefix + name], [token, String(ttlMs)])) === 1,
      release: async (name, token) => {
        await release.run(await this.#client(), [leasePrefix + name], [token])
      },
    }
  }

  async read(key: string): Promise<string | undefined> {
    return (await (await this.#client()).get(this.#storePrefix + key)) ?? undefined
  }

  async swap(
    key: string,
    expected: string | undefined,
    next: string | undefined,
    expiresAt?: number,
  ): Promise<boolean> {
    const px = expiresAt === undefined ? '' : String(Math.max(1, Math.ceil(expiresAt - Date.now())))
    const done = await swap.run(
      await this.#client(),
      [this.#storePrefix + key],
      [expected ?? '', expected === undefined ? '0' : '1', next ?? '', px],
    )
    return Number(done) === 1
  }

  async increment(key: string, by: number, ttlMs: number | undefined): Promise<number | undefined> {
    let text: unknown
    try {
      text = await increment.run(
        await this.#client(),
        [this.#storePrefix + key],
        [String(by), String(Date.now()), ttlMs === undefined ? '' : String(ttlMs)],
      )
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('BANTER_NOT_FINITE')) {
        throw new BanterError('STORAGE_VALUE_INVALID', `storage key "${key}": the sum is not a finite number`)
      }
      throw error
    }
    return typeof text === 'string' ? Number(text) : undefined
  }

  async *scan(prefix: string): AsyncIterable<readonly [string, string]> {
    const client = await this.#client()
    const match = matchPrefix(this.#storePrefix + prefix)
    let cursor = '0'
    do {
      const page = await client.scan(cursor, { MATCH: match, COUNT: SCAN_COUNT, TYPE: 'string' })
      cursor = String(page.cursor)
      if (page.keys.length === 0) continue
      const values = await client.mGet(page.keys)
      for (const [index, full] of page.keys.entries()) {
        const raw = values[index]
        if (typeof raw === 'string') yield [full.slice(this.#storePrefix.length), raw]
      }
    } while (cursor !== '0')
  }

  async #client(): Promise<RedisCommands> {
    return (await this.#store.getClient()) as RedisCommands
  }
}
