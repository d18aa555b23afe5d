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
 * password redacted), while a `BanterError` (a conflict, a bad value) passes through unchanged. With
 * `atStart` (the probe when the bot starts) the hint is about the URL and the backend package; later,
 * about the server or the disk.
 *
 * @internal
 */
export async function wrap<Result>(
  target: StorageTarget,
  run: () => Promise<Result>,
  atStart = false,
): Promise<Result> {
  try {
    return await run()
  } catch (cause) {
    if (isBanterError(cause)) throw cause
    throw new BanterError(
      'STORAGE_UNAVAILABLE',
      `${target.kind} storage at "${redactUrl(target.spec)}" failed: ${(cause as Error).message}`,
      atStart
        ? { cause }
        : {
            cause,
            // The backend answered at start-up: it went away, or cannot write, now.
            hint:
              target.kind === 'sqlite'
                ? 'Check that the database file and its folder are writable and the disk is not full or read-only; writes work again as soon as they are.'
                : `Check that the ${target.kind} server is up and reachable; the bot keeps running, and storage works again once it answers (\`/readyz\` says 503 meanwhile).`,
          },
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
