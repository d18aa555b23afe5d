import type Keyv from 'keyv'
import { BanterError } from '../errors/banter-error.js'

/** A value as Keyv stores it: the value and its expiry (epoch ms), if any. @internal */
export interface StoredRecord<Value = unknown> {
  readonly value: Value
  readonly expires: number | undefined
}

/**
 * Turns values into Keyv's serialized records and back with the very serializer of the bot's Keyv
 * instance, so records written by the atomic operations read back through `get` and the other way
 * round.
 *
 * @internal
 */
export class RecordCodec {
  readonly #keyv: Keyv

  constructor(keyv: Keyv) {
    this.#keyv = keyv
  }

  /** The serialized record of `value` expiring at `expires`; `STORAGE_VALUE_INVALID` when JSON cannot hold it. */
  encode(key: string, value: unknown, expires: number | undefined): string {
    let raw: unknown
    try {
      if (typeof value === 'symbol' || typeof value === 'function' || typeof value === 'bigint')
        throw new TypeError(`a ${typeof value} cannot be stored`)
      raw = this.#keyv.serialize?.({ value, expires })
    } catch (cause) {
      throw new BanterError('STORAGE_VALUE_INVALID', `storage key "${key}": ${(cause as Error).message}`, {
        cause,
      })
    }
    if (typeof raw !== 'string') throw new Error('storage: the Keyv serializer must be synchronous')
    return raw
  }

  /** The record in `raw`, or `undefined` when it holds none. */
  decode<Value>(raw: string): StoredRecord<Value> | undefined {
    const data = this.#keyv.deserialize?.(raw) as { value?: Value; expires?: unknown } | undefined
    if (data === undefined || data === null || typeof data !== 'object') return undefined
    const expires = typeof data.expires === 'number' ? data.expires : undefined
    return { value: data.value as Value, expires }
  }

  /** The record in `raw` if it exists and has not expired at `now`. */
  live<Value>(raw: string | undefined, now: number): StoredRecord<Value> | undefined {
    if (raw === undefined) return undefined
    const record = this.decode<Value>(raw)
    if (record === undefined || (record.expires !== undefined && record.expires < now)) return undefined
    return record
  }
}
