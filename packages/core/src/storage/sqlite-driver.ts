import type { LeaseStore, StorageDriver } from './storage-driver.js'

/** The part of `@keyv/sqlite`'s store the driver uses: its one connection and its table. */
export interface SqliteStore {
  query(sql: string, ...parameters: unknown[]): Promise<Record<string, unknown>[]>
  readonly opts: { readonly table: string }
}

const SCAN_BATCH = 500

/** `GLOB` pattern matching keys that start with `prefix` literally (`*`, `?` and `[` bracketed). */
function globPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (c) => `[${c}]`)}*`
}

/**
 * The atomic operations on `@keyv/sqlite`'s table, through the store's own connection. Each one is a
 * single SQL statement (a conditional `UPDATE`/`INSERT`/`DELETE` with `RETURNING`), so it is atomic
 * across every process sharing the file, and statements of other callers on the shared connection
 * can never fall inside it (a multi-statement transaction on that connection could swallow them).
 * Writers from other processes wait on the file lock up to the store's busy timeout.
 *
 * Locks are rows of a table of their own, `banter_locks(name, token, expires)`, taken by an upsert
 * that only overwrites an expired row: a lease survives its holder's crash by at most its TTL and
 * never holds a write transaction open while the critical section runs.
 *
 * @internal
 */
export class SqliteDriver implements StorageDriver {
  readonly leases: LeaseStore
  readonly #store: SqliteStore
  readonly #table: string
  #locksTable: Promise<unknown> | undefined

  /**
   * Puts the file in WAL mode with `synchronous=NORMAL`, SQLite's advice for a file that several
   * processes write: readers never block the writer, and a write commits without waiting for the
   * disk, so a process holds the write lock for a moment instead of a disk flush and the other
   * process's waits stay far below the busy timeout. A power cut may lose the last writes but never
   * corrupts the file. WAL needs a local disk (no network file system); if the mode cannot be
   * changed now (another process holds the file), the file keeps its mode and stays correct.
   */
  static async tune(store: SqliteStore): Promise<void> {
    await store.query('PRAGMA journal_mode = WAL').catch(() => undefined)
    await store.query('PRAGMA synchronous = NORMAL')
  }

  constructor(store: SqliteStore) {
    this.#store = store
    this.#table = store.opts.table
    this.leases = {
      acquire: async (name, token, ttlMs) => {
        await this.#ensureLocks()
        const now = Date.now()
        const rows = await this.#store.query(
          `INSERT INTO banter_locks (name, token, expires) VALUES (?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET token = excluded.token, expires = excluded.expires
           WHERE banter_locks.expires <= ?
           RETURNING name`,
          [name, token, now + ttlMs, now],
        )
        return rows.length === 1
      },
      renew: async (name, token, ttlMs) => {
        const rows = await this.#store.query(
          'UPDATE banter_locks SET expires = ? WHERE name = ? AND token = ? RETURNING name',
          [Date.now() + ttlMs, name, token],
        )
        return rows.length === 1
      },
      release: async (name, token) => {
        await this.#store.query('DELETE FROM banter_locks WHERE name = ? AND token = ?', [name, token])
      },
    }
  }

  async read(key: string): Promise<string | undefined> {
    const rows = await this.#store.query(`SELECT value FROM ${this.#table} WHERE key = ?`, [key])
    const value = rows[0]?.value
    return typeof value === 'string' ? value : undefined
  }

  async swap(key: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    const t = this.#table
    let rows: Record<string, unknown>[]
    if (expected === undefined && next === undefined) {
      rows = await this.#store.query(
        `SELECT 1 AS absent WHERE NOT EXISTS (SELECT 1 FROM ${t} WHERE key = ?)`,
        [key],
      )
    } else if (expected === undefined) {
      rows = await this.#store.query(
        `INSERT INTO ${t} (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING RETURNING key`,
        [key, next],
      )
    } else if (next === undefined) {
      rows = await this.#store.query(`DELETE FROM ${t} WHERE key = ? AND value = ? RETURNING key`, [
        key,
        expected,
      ])
    } else {
      rows = await this.#store.query(`UPDATE ${t} SET value = ? WHERE key = ? AND value = ? RETURNING key`, [
        next,
        key,
        expected,
      ])
    }
    return rows.length === 1
  }

  async increment(key: string, by: number, ttlMs: number | undefined): Promise<number | undefined> {
    const now = Date.now()
    const expires = ttlMs === undefined ? null : now + ttlMs
    // ?1 key, ?2 the record of a fresh key, ?3 now, ?4 new expiry or NULL (keep), ?5 by. A record that
    // is expired starts over; one that does not hold a number is left alone (no row returned).
    const fresh = JSON.stringify(expires === null ? { value: by } : { value: by, expires })
    const rows = await this.#store.query(
      `INSERT INTO ${this.#table} (key, value) VALUES (?1, ?2)
       ON CONFLICT(key) DO UPDATE SET value = CASE
         WHEN json_extract(value, '$.expires') < ?3 THEN excluded.value
         WHEN ?4 IS NULL THEN json_set(value, '$.value', json_extract(value, '$.value') + ?5)
         ELSE json_set(value, '$.value', json_extract(value, '$.value') + ?5, '$.expires', ?4)
       END
       WHERE CASE WHEN json_valid(value)
         THEN json_extract(value, '$.expires') < ?3 OR json_type(value, '$.value') IN ('integer', 'real')
         ELSE 0 END
       RETURNING json_extract(value, '$.value') AS value`,
      [key, fresh, now, expires, by],
    )
    const value = rows[0]?.value
    return typeof value === 'number' ? value : undefined
  }

  async *scan(prefix: string): AsyncIterable<readonly [string, string]> {
    // GLOB is case-sensitive and, with a literal prefix, walks the primary-key index.
    const pattern = globPrefix(prefix)
    let after = ''
    for (;;) {
      const rows = await this.#store.query(
        `SELECT key, value FROM ${this.#table} WHERE key GLOB ? AND key > ? ORDER BY key LIMIT ?`,
        [pattern, after, SCAN_BATCH],
      )
      for (const row of rows) {
        if (typeof row.key === 'string' && typeof row.value === 'string') yield [row.key, row.value]
      }
      const last = rows.at(-1)?.key
      if (rows.length < SCAN_BATCH || typeof last !== 'string') return
      after = last
    }
  }

  #ensureLocks(): Promise<unknown> {
    this.#locksTable ??= this.#store
      .query(
        'CREATE TABLE IF NOT EXISTS banter_locks (name TEXT PRIMARY KEY, token TEXT NOT NULL, expires INTEGER NOT NULL)',
      )
      .catch((error: unknown) => {
        this.#locksTable = undefined
        throw error
      })
    return this.#locksTable
  }
}
