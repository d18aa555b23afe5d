import type { StepOp } from '../definition/workflow.js'
import { isRetryable, workflowError } from '../errors.js'
import { backoff, describeFailure, Interrupted } from './run-interrupts.js'

/**
 * What becomes of a step attempt that threw (a step timeout included; other interrupts stop the
 * run before this): tried again after `waitMs`, skipped (`continueOnError`) or the run fails.
 */
export type FailureVerdict = { readonly code: string; readonly message: string } & (
  | { readonly kind: 'retry'; readonly waitMs: number }
  | { readonly kind: 'skip' | 'fail' }
)

/** Judges a failed attempt by the step's retry policy and the error's `retryable` flag. */
export function judgeFailure(op: StepOp, attempt: number, error: unknown): FailureVerdict {
  const failure =
    error instanceof Interrupted
      ? workflowError('WORKFLOW_STEP_TIMEOUT', `step "${op.id}" did not finish within ${op.timeoutMs} ms`)
      : error
  const { code, message } = describeFailure(failure)
  if (isRetryable(failure) && attempt < op.retry.attempts)
    return { kind: 'retry', code, message, waitMs: backoff(op, attempt) }
  return { kind: op.continueOnError ? 'skip' : 'fail', code, message }
}
