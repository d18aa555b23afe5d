import { BanterError, isBanterError } from '../errors/banter-error.js'

/** `url` with any credentials replaced by `***`. @internal */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

/** Where a storage call went, for its error messages. @internal */
export interface StorageTarget {
  readonly kind: string
  readonly spec: string
}

/**
 * Runs a call to the backend; a failure of the backend becomes `STORAGE_UNAVAILABLE` naming it (its
 * password redacted), while a `BanterError` (a conflict, a bad value) passes through unchanged.
 *
 * @internal
 */
export async function wrap<Result>(target: StorageTarget, run: () => Promise<Result>): Promise<Result> {
  try {
    return await run()
  } catch (cause) {
    if (isBanterError(cause)) throw cause
    throw new BanterError(
      'STORAGE_UNAVAILABLE',
      `${target.kind} storage at "${redactUrl(target.spec)}" failed: ${(cause as Error).message}`,
      { cause },
    )
  }
}

/** Checks a TTL given to a storage operation: a positive, finite number of milliseconds. @internal */
export function checkTtl(operation: string, key: string, ttl: number | undefined): number | undefined {
  if (ttl === undefined) return undefined
  if (typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0) return ttl
  throw new BanterError(
    'STORAGE_VALUE_INVALID',
    `storage.${operation}("${key}"): ttl must be a positive number of milliseconds, got ${String(ttl)}`,
  )
}
