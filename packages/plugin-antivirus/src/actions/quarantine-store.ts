import type { PluginStorage } from '@banter/core'

/** One quarantine record: what was removed, from whom, where, why and when. Never the content. */
export interface QuarantineRecord {
  /** Record id. */
  readonly id: string
  /** `file` or `message`. */
  readonly kind: 'file' | 'message'
  /** The message id. */
  readonly messageId: string
  /** Its channel. */
  readonly channelId: string
  /** Its author's id. */
  readonly authorId: string
  /** Its author's display name. */
  readonly authorName: string
  /** The attachment's name, for files. */
  readonly fileName?: string
  /** The attachment's SHA-256, for files. */
  readonly sha256?: string
  /** Threat names (or the scan error). */
  readonly threats: readonly string[]
  /** When, in milliseconds since the epoch (bot clock). */
  readonly time: number
}

const INDEX = 'quarantine:index'
const INDEX_MAX = 500

/**
 * Quarantine records in plugin storage (so every shard sees the same ones), each kept for `ttlMs`.
 * An index key lists the newest ids, because not every storage backend can list its keys.
 */
export class QuarantineStore {
  readonly #storage: PluginStorage
  readonly #ttlMs: number

  constructor(storage: PluginStorage, ttlMs: number) {
    this.#storage = storage
    this.#ttlMs = ttlMs
  }

  /** Stores a record. */
  async add(record: QuarantineRecord): Promise<void> {
    await this.#storage.set(`quarantine:${record.id}`, record, this.#ttlMs)
    const index = (await this.#storage.get<string[]>(INDEX)) ?? []
    index.push(record.id)
    await this.#storage.set(INDEX, index.slice(-INDEX_MAX), this.#ttlMs)
  }

  /** The newest records, newest first (expired ones are skipped). */
  async list(limit: number): Promise<QuarantineRecord[]> {
    const index = (await this.#storage.get<string[]>(INDEX)) ?? []
    const out: QuarantineRecord[] = []
    for (let i = index.length - 1; i >= 0 && out.length < limit; i--) {
      const record = await this.#storage.get<QuarantineRecord>(`quarantine:${index[i]}`)
      if (record !== undefined) out.push(record)
    }
    return out
  }
}
