import type { PluginStorage } from '@banter/core'
import { appendToIndex, removeFromIndex, updateStored } from './shared-lists.js'

/** One quarantine record: what was removed, from whom, where, why and when. Never the content. */
export interface QuarantineRecord {
  /** Record id. */
  readonly id: string
  /** `file` or `message`. */
  readonly kind: 'file' | 'message'
  /** The guild it came from; absent for direct messages. */
  readonly guildId?: string
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

const INDEX_MAX = 500

/**
 * Quarantine records in plugin storage (so every shard sees the same ones), each kept for `ttlMs`, and
 * kept apart by scope (a guild id, or `@dm`): a server's moderators see and change their server's
 * records only. An index key per scope lists the newest ids, because not every storage backend can
 * list its keys.
 */
export class QuarantineStore {
  readonly #storage: PluginStorage
  readonly #ttlMs: number

  constructor(storage: PluginStorage, ttlMs: number) {
    this.#storage = storage
    this.#ttlMs = ttlMs
  }

  /** Stores a record in `scope`. */
  async add(scope: string, record: QuarantineRecord): Promise<void> {
    await this.#storage.set(recordKey(scope, record.id), record, this.#ttlMs)
    await updateStored(this.#storage, indexKey(scope), appendToIndex(record.id, INDEX_MAX), this.#ttlMs)
    await updateStored(this.#storage, SCOPES_KEY, addScope(scope), this.#ttlMs)
  }

  /** The newest records of every scope, newest first, each with its scope (the operator's view). */
  async listAll(limit: number): Promise<(QuarantineRecord & { readonly scope: string })[]> {
    const scopes = (await this.#storage.get<string[]>(SCOPES_KEY)) ?? []
    const all = await Promise.all(
      scopes.map(async (scope) => (await this.list(scope, limit)).map((r) => ({ ...r, scope }))),
    )
    return all
      .flat()
      .sort((a, b) => b.time - a.time)
      .slice(0, limit)
  }

  /** The newest records of `scope`, newest first (expired ones are skipped). */
  async list(scope: string, limit: number): Promise<QuarantineRecord[]> {
    const index = (await this.#storage.get<string[]>(indexKey(scope))) ?? []
    const out: QuarantineRecord[] = []
    for (let i = index.length - 1; i >= 0 && out.length < limit; i--) {
      const record = await this.#storage.get<QuarantineRecord>(recordKey(scope, index[i] as string))
      if (record !== undefined) out.push(record)
    }
    return out
  }

  /** Deletes record `id` of `scope`; resolves whether it was there. Other scopes are never touched. */
  async delete(scope: string, id: string): Promise<boolean> {
    const existed = await this.#storage.delete(recordKey(scope, id))
    if (existed) await updateStored(this.#storage, indexKey(scope), removeFromIndex(id), this.#ttlMs)
    return existed
  }
}

/** The scopes that have had records (for the operator's view across servers). */
const SCOPES_KEY = 'quarantine:scopes'

function addScope(scope: string) {
  return (current: readonly string[] | undefined): readonly string[] =>
    current?.includes(scope) ? current : [...(current ?? []), scope].slice(-INDEX_MAX)
}

function indexKey(scope: string): string {
  return `quarantine:${scope}:index`
}

function recordKey(scope: string, id: string): string {
  return `quarantine:${scope}:record:${id}`
}
