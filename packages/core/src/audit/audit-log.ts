import type { PluginStorage } from '../storage/plugin-storage.js'
import type { Clock } from '../timers/clock.js'

/** Who did a management action. */
export interface AuditActor {
  /** `token` (the admin HTTP API), `user` (a chat user), `cli`, or `code`. */
  readonly kind: 'token' | 'user' | 'cli' | 'code'
  /** A token's fingerprint (never the token), a user id, ... */
  readonly id: string
  /** A display name, when known. */
  readonly name?: string | undefined
  /** Where from: an IP address, a channel id. */
  readonly from?: string | undefined
}

/** One line of the audit log. */
export interface AuditEntry {
  /** Increasing number. */
  readonly seq: number
  /** When, as an ISO date. */
  readonly at: string
  /** Who. */
  readonly actor: AuditActor
  /** What: `configure`, `enable`, `disable`, `reload`, `load`, `unload`, `scope`, `access`. */
  readonly action: string
  /** On what: a plugin name, a specifier, a route. */
  readonly target?: string | undefined
  /** `ok`, `failed` (the action ran and failed) or `refused` (no right to do it). */
  readonly outcome: 'ok' | 'failed' | 'refused'
  /** State before, secrets masked. */
  readonly before?: unknown
  /** State after, secrets masked. */
  readonly after?: unknown
  /** Why it failed or was refused. */
  readonly error?: string | undefined
}

/** What {@link AuditLog.record} takes. */
export type AuditInput = Omit<AuditEntry, 'seq' | 'at'>

const KEEP = 1000
const KEY = (seq: number) => `audit:${String(seq).padStart(12, '0')}`

/**
 * The log of every management action (settings, scopes, enable/disable, load/unload) and every
 * refused attempt, kept in core's storage so it survives restarts (the last 1000 entries).
 */
export class AuditLog {
  readonly #storage: () => PluginStorage
  readonly #clock: Clock

  /** @internal The runtime creates it. */
  constructor(storage: () => PluginStorage, clock: Clock) {
    this.#storage = storage
    this.#clock = clock
  }

  /** Adds an entry; resolves to it. */
  async record(input: AuditInput): Promise<AuditEntry> {
    const storage = this.#storage()
    const seq = await storage.increment('audit-seq')
    const entry: AuditEntry = { seq, at: new Date(this.#clock.now()).toISOString(), ...input }
    await storage.set(KEY(seq), JSON.parse(JSON.stringify(entry)))
    if (seq > KEEP) await storage.delete(KEY(seq - KEEP))
    return entry
  }

  /** The latest entries, newest first (at most `limit`, default 50). */
  async list(limit = 50): Promise<AuditEntry[]> {
    const entries = await this.#storage().list<AuditEntry>('audit:')
    return entries
      .map(([, entry]) => entry)
      .reverse()
      .slice(0, Math.max(0, limit))
  }
}
