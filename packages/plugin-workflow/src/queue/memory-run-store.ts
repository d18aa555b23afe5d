import type { Admission, AdmitPolicy, NewRun, Opening, RunStore, SlotRelease } from './run-store.js'

interface Expiring<Value> {
  readonly value: Value
  readonly expires: number | undefined
}

const RECENT_CAP = 1000

/** Idempotency keys the memory store remembers at most (oldest forgotten first). */
export const MEMORY_MAX_CLAIMS = 10_000

/** What the memory store holds, for `!workflow status` and tests. */
export interface MemoryStoreStats {
  /** Run records, running and finished. */
  readonly runs: number
  /** Finished run records (at most `maxRuns`). */
  readonly finished: number
  /** Idempotency keys. */
  readonly claims: number
  /** Cancel requests. */
  readonly cancels: number
}

/**
 * The in-process {@link RunStore} of the memory driver. Values are copied through JSON on the way in
 * and out, exactly as the Redis store stores them, so both drivers behave the same. Bounded: at most
 * `maxRuns` finished records (the oldest finished dropped first; unfinished ones are never dropped)
 * and {@link MEMORY_MAX_CLAIMS} idempotency keys, and {@link MemoryRunStore.sweep} drops whatever
 * expired, read or not.
 */
export class MemoryRunStore implements RunStore {
  readonly #now: () => number
  readonly #maxRuns: number
  readonly #records = new Map<string, Expiring<string>>()
  /** Ids of finished records (saved with a time to live), oldest first. */
  readonly #finished = new Set<string>()
  readonly #claims = new Map<string, Expiring<string>>()
  readonly #cancels = new Map<string, Expiring<true>>()
  readonly #slots = new Map<string, { active: string[]; waiting: string[] }>()
  #recent: string[] = []

  /** @param maxRuns Finished records kept at most. */
  constructor(now: () => number, maxRuns = 1000) {
    this.#now = now
    this.#maxRuns = Math.max(1, maxRuns)
  }

  /** How much the store holds. */
  stats(): MemoryStoreStats {
    return {
      runs: this.#records.size,
      finished: this.#finished.size,
      claims: this.#claims.size,
      cancels: this.#cancels.size,
    }
  }

  /** Drops every expired record, idempotency key and cancel request. */
  sweep(): void {
    const now = this.#now()
    const expired = <Value>(entry: Expiring<Value>) => entry.expires !== undefined && entry.expires <= now
    for (const id of [...this.#finished]) {
      const entry = this.#records.get(id)
      if (!entry || expired(entry)) this.#drop(id)
    }
    for (const map of [this.#claims, this.#cancels] as Map<string, Expiring<unknown>>[]) {
      for (const [key, entry] of map) if (expired(entry)) map.delete(key)
    }
  }

  #drop(runId: string): void {
    this.#records.delete(runId)
    this.#finished.delete(runId)
    this.#cancels.delete(runId)
  }

  #live<Value>(map: Map<string, Expiring<Value>>, key: string): Value | undefined {
    const entry = map.get(key)
    if (entry === undefined) return undefined
    if (entry.expires !== undefined && entry.expires <= this.#now()) {
      map.delete(key)
      return undefined
    }
    return entry.value
  }

  #expires(ttlMs: number | undefined): number | undefined {
    return ttlMs === undefined ? undefined : this.#now() + ttlMs
  }

  async get<Value>(runId: string): Promise<Value | undefined> {
    const text = this.#live(this.#records, runId)
    if (text === undefined) {
      this.#finished.delete(runId)
      return undefined
    }
    return JSON.parse(text) as Value
  }

  async put(runId: string, record: unknown, ttlMs?: number): Promise<void> {
    this.#records.set(runId, { value: JSON.stringify(record), expires: this.#expires(ttlMs) })
    this.#finished.delete(runId)
    if (ttlMs === undefined) return
    this.#finished.add(runId)
    while (this.#finished.size > this.#maxRuns) {
      const oldest = this.#finished.values().next().value as string
      this.#drop(oldest)
    }
  }

  async open(run: NewRun): Promise<Opening> {
    if (run.claim !== undefined) {
      const holder = await this.claim(run.claim.key, run.runId, run.claim.ttlMs)
      if (holder !== undefined) return { outcome: 'duplicate', evicted: [], holder }
    }
    await this.put(run.runId, run.record)
    const admission = await this.admit(run.workflowId, run.runId, run.policy)
    if (admission.outcome !== 'full') await this.remember(run.runId)
    return admission
  }

  async save(runId: string, record: unknown): Promise<boolean> {
    await this.put(runId, record)
    return this.cancelRequested(runId)
  }

  async close(
    runId: string,
    record: unknown,
    ttlMs: number,
    release?: SlotRelease,
  ): Promise<string | undefined> {
    await this.put(runId, record, ttlMs)
    return release === undefined ? undefined : this.release(release.workflowId, runId, release.limit)
  }

  async remember(runId: string): Promise<void> {
    this.#recent = [runId, ...this.#recent.filter((id) => id !== runId)].slice(0, RECENT_CAP)
  }

  async recent(limit: number): Promise<string[]> {
    return this.#recent.filter((id) => this.#live(this.#records, id) !== undefined).slice(0, limit)
  }

  async claim(key: string, runId: string, ttlMs: number): Promise<string | undefined> {
    const holder = this.#live(this.#claims, key)
    if (holder !== undefined) return holder
    this.#claims.set(key, { value: runId, expires: this.#expires(ttlMs) })
    if (this.#claims.size > MEMORY_MAX_CLAIMS) this.#claims.delete(this.#claims.keys().next().value as string)
    return undefined
  }

  async unclaim(key: string, runId: string): Promise<void> {
    if (this.#live(this.#claims, key) === runId) this.#claims.delete(key)
  }

  #slot(workflowId: string): { active: string[]; waiting: string[] } {
    let slot = this.#slots.get(workflowId)
    if (!slot) {
      slot = { active: [], waiting: [] }
      this.#slots.set(workflowId, slot)
    }
    return slot
  }

  async admit(workflowId: string, runId: string, policy: AdmitPolicy): Promise<Admission> {
    const slot = this.#slot(workflowId)
    let evicted: string[] = []
    if (policy.evict) {
      evicted = [...slot.active, ...slot.waiting]
      slot.active = []
      slot.waiting = []
    }
    if (slot.active.includes(runId)) return { outcome: 'start', evicted }
    if (slot.active.length < policy.limit) {
      slot.active.push(runId)
      return { outcome: 'start', evicted }
    }
    if (slot.waiting.length < policy.maxWaiting) {
      slot.waiting.push(runId)
      return { outcome: 'wait', evicted }
    }
    return { outcome: 'full', evicted }
  }

  async release(workflowId: string, runId: string, limit: number): Promise<string | undefined> {
    const slot = this.#slot(workflowId)
    slot.active = slot.active.filter((id) => id !== runId)
    slot.waiting = slot.waiting.filter((id) => id !== runId)
    if (slot.active.length >= limit) return undefined
    const next = slot.waiting.shift()
    if (next !== undefined) slot.active.push(next)
    return next
  }

  async slots(workflowId: string): Promise<{ active: string[]; waiting: string[] }> {
    const slot = this.#slot(workflowId)
    return { active: [...slot.active], waiting: [...slot.waiting] }
  }

  async requestCancel(runId: string, ttlMs: number): Promise<void> {
    this.#cancels.set(runId, { value: true, expires: this.#expires(ttlMs) })
  }

  async cancelRequested(runId: string): Promise<boolean> {
    return this.#live(this.#cancels, runId) === true
  }
}
