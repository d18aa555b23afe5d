import type { StorageDriver } from './storage-driver.js'
import type { RecordCodec } from './stored-record.js'

/**
 * The atomic operations on Keyv's in-memory `Map`. Each operation reads and writes the map without
 * an `await` in between, so it is atomic in this process, which is the only one that sees the map.
 *
 * @internal
 */
export class MemoryDriver implements StorageDriver {
  readonly leases = undefined
  readonly #map: Map<string, unknown>
  readonly #codec: RecordCodec

  constructor(map: Map<string, unknown>, codec: RecordCodec) {
    this.#map = map
    this.#codec = codec
  }

  async read(key: string): Promise<string | undefined> {
    return this.#raw(key)
  }

  async swap(key: string, expected: string | undefined, next: string | undefined): Promise<boolean> {
    if (this.#raw(key) !== expected) return false
    if (next === undefined) this.#map.delete(key)
    else this.#map.set(key, next)
    return true
  }

  async increment(key: string, by: number, ttlMs: number | undefined): Promise<number | undefined> {
    const now = Date.now()
    const record = this.#codec.live(this.#raw(key), now)
    if (record !== undefined && typeof record.value !== 'number') return undefined
    const value = ((record?.value as number | undefined) ?? 0) + by
    const expires = ttlMs === undefined ? record?.expires : now + ttlMs
    this.#map.set(key, this.#codec.encode(key, value, expires))
    return value
  }

  async *scan(prefix: string): AsyncIterable<readonly [string, string]> {
    const found: [string, string][] = []
    for (const [key, raw] of this.#map) {
      if (key.startsWith(prefix) && typeof raw === 'string') found.push([key, raw])
    }
    yield* found
  }

  #raw(key: string): string | undefined {
    const raw = this.#map.get(key)
    return typeof raw === 'string' ? raw : undefined
  }
}
