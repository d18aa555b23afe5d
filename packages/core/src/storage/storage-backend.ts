import Keyv, { type KeyvStoreAdapter } from 'keyv'
import { BanterError } from '../errors/banter-error.js'
import { KeyedMutex } from './keyed-mutex.js'
import { KeyvPluginStorage, type StoreParts } from './keyv-plugin-storage.js'
import { MemoryDriver } from './memory-driver.js'
import type { PluginLocks } from './plugin-locks.js'
import type { PluginStorage } from './plugin-storage.js'
import { RedisDriver, type RedisStore } from './redis-driver.js'
import { SqliteDriver, type SqliteStore } from './sqlite-driver.js'
import { redactUrl, wrap } from './storage-errors.js'
import { StorageLocks } from './storage-locks.js'
import { RecordCodec } from './stored-record.js'

/** Where the bot keeps plugin data: `memory`, `sqlite:<path>` or `redis://…`. */
export type StorageSpec = 'memory' | `sqlite:${string}` | `redis://${string}` | `rediss://${string}`

/** The bot's storage: one store, one namespace per plugin. */
export interface StorageBackend {
  /** `memory`, `sqlite` or `redis`. */
  readonly kind: 'memory' | 'sqlite' | 'redis'
  /** The store for one namespace (a plugin name, or `core`). */
  namespace(name: string): PluginStorage
  /**
   * The per-key locks of one namespace: in this process on memory storage, across every process
   * sharing the store on SQLite and Redis.
   */
  locks(name: string): PluginLocks
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
/** Keyv's namespace: every key is stored as `banter:<plugin>:<key>`. */
const KEYV_NAMESPACE = 'banter'

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
  const keyv = new Keyv({ ...(store ? { store } : {}), namespace: KEYV_NAMESPACE, throwOnErrors: true })
  keyv.on('error', () => {
    // Errors reach the caller through the rejected promise (throwOnErrors); this only stops Keyv
    // from raising an unhandled 'error' event.
  })
  const target = { kind, spec }
  if (kind !== 'memory') {
    // Connect now, so a bad path or an unreachable server fails at start-up with a clear error.
    try {
      await wrap(target, () => keyv.get('__banter_probe__'), true)
    } catch (error) {
      await keyv.disconnect().catch(() => undefined)
      throw error
    }
  }
  if (kind === 'sqlite') await wrap(target, () => SqliteDriver.tune(keyv.store as SqliteStore), true)
  const codec = new RecordCodec(keyv)
  const driver =
    kind === 'sqlite'
      ? new SqliteDriver(keyv.store as SqliteStore)
      : kind === 'redis'
        ? new RedisDriver(keyv.store as RedisStore, `${KEYV_NAMESPACE}:lock:`)
        : new MemoryDriver(keyv.store as Map<string, unknown>, codec)
  const parts: StoreParts = {
    keyv,
    driver,
    codec,
    updates: new KeyedMutex(),
    target,
    keyvNamespace: KEYV_NAMESPACE,
  }
  const lockQueue = new KeyedMutex()
  return {
    kind,
    namespace: (name) => new KeyvPluginStorage(parts, name),
    locks: (name) => new StorageLocks(name, lockQueue, driver.leases, target),
    close: async () => {
      await keyv.disconnect().catch(() => undefined)
    },
  }
}
