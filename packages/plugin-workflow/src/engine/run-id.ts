import { randomBytes } from 'node:crypto'

const ID_BYTES = 15
// Random bytes drawn 64 ids at a time: one call into the system's generator instead of one per run.
const POOL_BYTES = ID_BYTES * 64
let pool = Buffer.alloc(0)
let offset = 0

/**
 * A new run id: `r` and 15 base-36 characters (about 77 bits), short enough that a step's
 * idempotency key (`<runId>-<step index>`) fits Discord's 25-character nonce.
 */
export function newRunId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  let out = 'r'
  for (let end = offset + ID_BYTES; offset < end; offset++)
    out += ((pool[offset] as number) % 36).toString(36)
  return out
}

/** The idempotency key of the instruction at `index` of run `runId`. */
export function stepKey(runId: string, index: number): string {
  return `${runId}-${index}`
}
