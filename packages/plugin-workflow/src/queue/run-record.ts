/** Where a run is. */
export type RunStatus = 'waiting' | 'queued' | 'running' | 'delayed' | 'completed' | 'failed' | 'cancelled'

/** Statuses after which a run never changes again. */
export const FINISHED: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled'])

/** An error as a run keeps it. */
export interface RunError {
  readonly code: string
  readonly message: string
  /** The step that failed. */
  readonly step?: string
}

/**
 * The saved state of one run: saved when it is created and after every step, so a run resumes at
 * the next step after a crash. Plain JSON: it lives in Redis with the bullmq driver. Bounded: the
 * trigger payload, each step output and each variable are capped to `limits.recordValue` characters
 * of JSON and error messages to 1,000 (see `capValue`), cut with a `…[truncated ...]` marker.
 */
export interface RunRecord {
  /** Run id (also the queue job id). */
  readonly id: string
  /** Workflow id. */
  readonly workflowId: string
  /** Where it is. */
  status: RunStatus
  /** What started it and its payload (the template's `trigger`). */
  readonly trigger: { readonly kind: string; readonly payload: unknown }
  /** Index of the next instruction to run. */
  pc: number
  /** Failed attempts of the instruction at `pc` so far. */
  attempt: number
  /** Variables. */
  vars: Record<string, unknown>
  /** Outputs of completed steps by id. */
  steps: Record<string, unknown>
  /** Steps completed. */
  completed: number
  /** Time spent executing steps, in milliseconds. */
  activeMs: number
  /** When it was created (ms since the epoch). */
  readonly createdAt: number
  /** When its first step started. */
  startedAt?: number
  /** When it finished. */
  finishedAt?: number
  /** The idempotency key of the trigger event, if any. */
  readonly idempotencyKey?: string
  /** Why it failed or was cancelled. */
  error?: RunError
}
