import { randomBytes } from 'node:crypto'

/**
 * A new run id: `r` and 15 base-36 characters (about 77 bits), short enough that a step's
 * idempotency key (`<runId>-<step index>`) fits Discord's 25-character nonce.
 */
export function newRunId(): string {
  let out = 'r'
  for (const byte of randomBytes(15)) out += (byte % 36).toString(36)
  return out
}

/** The idempotency key of the instruction at `index` of run `runId`. */
export function stepKey(runId: string, index: number): string {
  return `${runId}-${index}`
}
