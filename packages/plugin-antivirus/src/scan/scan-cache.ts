import type { ScanResult } from '@banter/core'

/** Options of {@link ScanCache}. */
export interface ScanCacheOptions {
  /** Most results kept (0 turns the cache off); the least recently used go first. */
  readonly maxEntries: number
  /** How long a result stays valid. */
  readonly ttlMs: number
  /** The clock (the bot's, so tests can move it). */
  readonly now: () => number
}

/**
 * Verdicts by key (SHA-256 and extension), bounded and expiring, so that the same file posted again
 * is not scanned again. Only `clean` and `infected` verdicts are kept, never errors.
 */
export class ScanCache {
  readonly #entries = new Map<string, { readonly result: ScanResult; readonly expires: number }>()
  readonly #options: ScanCacheOptions

  constructor(options: ScanCacheOptions) {
    this.#options = options
  }

  /** Number of results kept. */
  get size(): number {
    return this.#entries.size
  }

  /** The result under `key`, if still valid. */
  get(key: string): ScanResult | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expires <= this.#options.now()) {
      this.#entries.delete(key)
      return undefined
    }
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.result
  }

  /** Keeps `result` under `key` (ignored for verdict `error`). */
  set(key: string, result: ScanResult): void {
    if (this.#options.maxEntries === 0 || result.verdict === 'error') return
    this.#entries.delete(key)
    this.#entries.set(key, { result, expires: this.#options.now() + this.#options.ttlMs })
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value as string
      this.#entries.delete(oldest)
    }
  }

  /** Forgets everything (a blocklist changed). */
  clear(): void {
    this.#entries.clear()
  }
}
