import Keyv, { type KeyvStoreAdapter } from 'keyv'
import { BanterError } from '../errors/banter-error.js'
import type { PluginStorage } from './plugin-storage.js'

/** Where the bot keeps plugin data: `memory`, `sqlite:<path>` or `redis://…`. */
export type StorageSpec = 'memory' | `sqlite:${string}` | `redis://${string}` | `rediss://${string}`

/** The bot's storage: one store, one namespace per plugin. */
export interface StorageBackend {
  /** `memory`, `sqlite` or `redis`. */
  readonly kind: 'memory' | 'sqlite' | 'redis'
  /** The store for one namespace (a plugin name, or `core`). */
  namespace(name: string): PluginStorage
  /** Closes connections. */
  close(): Promise<void>
}

async function importOptional<Module>(name: string, kind: string): Promise<Module> {
  try {
    return (await import(name)) as Module
  } catch (cause) {
    throw new BanterError(
      'STORAGE_UNAVAILABLE',
      `${kind} storage needs the package "${name}", which could not be loaded`,
      {
        cause,
        hint: `Run \`npm install ${name}\` next to your bot, or use \`storage: memory\`.`,
      },
    )
  }
}

const CONNECT_TIMEOUT_MS = 5000

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

/**
 * Opens the storage named by `spec`. SQLite and Redis need the optional packages `@keyv/sqlite` and
 * `@keyv/redis`; memory needs nothing and forgets everything on restart.
 */
export async function createStorage(spec: string = 'memory'): Promise<StorageBackend> {
  let store: KeyvStoreAdapter | undefined
  let kind: StorageBackend['kind']
  if (spec === 'memory') {
    kind = 'memory'
  } else if (spec.startsWith('sqlite:')) {
    kind = 'sqlite'
    const path = spec.slice('sqlite:'.length).replace(/^\/\//, '')
    const { KeyvSqlite } = await importOptional<typeof import('@keyv/sqlite')>('@keyv/sqlite', 'SQLite')
    store = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 }) as unknown as KeyvStoreAdapter
  } else if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    kind = 'redis'
    const redis = await importOptional<typeof import('@keyv/redis')>('@keyv/redis', 'Redis')
    // While Redis is away, commands fail at once (no offline queue) instead of hanging, and the
    // client keeps reconnecting in the background.
    const socket = {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (attempt: number) => Math.min(2 ** attempt * 100, 2000),
    }
    store = new redis.default(
      { url: spec, disableOfflineQueue: true, socket },
      { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: CONNECT_TIMEOUT_MS },
    ) as unknown as KeyvStoreAdapter
  } else {
    throw new BanterError('CONFIG_INVALID', `storage: "${redactUrl(spec)}" is not a storage URL`, {
      hint: 'Use `memory`, `sqlite:./banter.sqlite` or `redis://host:6379`.',
    })
  }
  const keyv = new Keyv({ ...(store ? { store } : {}), namespace: 'banter', throwOnErrors: true })
  keyv.on('error', () => {
    // Errors reach the caller through the rejected promise (throwOnErrors); this only stops Keyv
    // from raising an unhandled 'error' event.
  })
  if (kind !== 'memory') {
    // Connect now, so a bad path or an unreachable server fails at start-up with a clear error.
    try {
      await wrap(kind, spec, () => keyv.get('__banter_probe__'))
    } catch (error) {
      await keyv.disconnect().catch(() => undefined)
      throw error
    }
  }
  return {
    kind,
    namespace: (name) => new KeyvPluginStorage(keyv, name, kind, spec),
    close: async () => {
      await keyv.disconnect().catch(() => undefined)
    },
  }
}

async function wrap<Result>(kind: string, spec: string, run: () => Promise<Result>): Promise<Result> {
  try {
    return await run()
  } catch (cause) {
    throw new BanterError(
      'STORAGE_UNAVAILABLE',
      `${kind} storage at "${redactUrl(spec)}" failed: ${(cause as Error).message}`,
      {
        cause,
      },
    )
  }
}

class KeyvPluginStorage implements PluginStorage {
  readonly #keyv: Keyv
  readonly #prefix: string
  readonly #kind: string
  readonly #spec: string

  constructor(keyv: Keyv, name: string, kind: string, spec: string) {
    this.#keyv = keyv
    this.#prefix = `${name}:`
    this.#kind = kind
    this.#spec = spec
  }

  get<Value>(key: string): Promise<Value | undefined> {
    return wrap(this.#kind, this.#spec, () => this.#keyv.get<Value>(this.#prefix + key))
  }

  async set<Value>(key: string, value: Value, ttlMs?: number): Promise<void> {
    await wrap(this.#kind, this.#spec, () => this.#keyv.set(this.#prefix + key, value, ttlMs))
  }

  delete(key: string): Promise<boolean> {
    return wrap(this.#kind, this.#spec, () => this.#keyv.delete(this.#prefix + key))
  }

  has(key: string): Promise<boolean> {
    return wrap(this.#kind, this.#spec, () => this.#keyv.has(this.#prefix + key))
  }

  async clear(): Promise<void> {
    const keys: string[] = []
    for await (const [key] of this.entries()) keys.push(key)
    if (keys.length > 0)
      await wrap(this.#kind, this.#spec, () => this.#keyv.deleteMany(keys.map((k) => this.#prefix + k)))
  }

  async *entries<Value>(): AsyncIterable<[string, Value]> {
    const iterator = this.#keyv.iterator
    if (typeof iterator !== 'function') {
      throw new BanterError('STORAGE_UNAVAILABLE', `${this.#kind} storage cannot list its keys`)
    }
    for await (const [key, value] of iterator.call(this.#keyv, undefined) as AsyncIterable<[string, Value]>) {
      if (typeof key === 'string' && key.startsWith(this.#prefix))
        yield [key.slice(this.#prefix.length), value]
    }
  }
}
