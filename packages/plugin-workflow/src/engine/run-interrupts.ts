import { isBanterError } from '@banter/core'
import type { StepOp } from '../definition/workflow.js'
import { workflowError } from '../errors.js'
import type { JobOutcome } from '../queue/queue-driver.js'
import { capText, MAX_ERROR_CHARS } from '../queue/record-caps.js'
import type { RunRecord } from '../queue/run-record.js'
import type { WorkflowEngine } from './workflow-engine.js'

/** Why a run stopped before its step finished. */
export type Interrupt = 'cancelled' | 'closing' | 'run-timeout' | 'step-timeout'

/** Thrown inside a run when it is interrupted (see {@link Interrupt}). */
export class Interrupted extends Error {
  constructor(readonly why: Interrupt) {
    super(why)
  }
}

/** The delay before retry `attempt` of `step`: exponential, capped at the step's `maxBackoffMs`. */
export function backoff(step: StepOp, attempt: number): number {
  return Math.min(step.retry.maxBackoffMs, step.retry.backoffMs * 2 ** (attempt - 1))
}

/** A step failure as a run keeps it: its code and its message, cut to {@link MAX_ERROR_CHARS}. */
export function describeFailure(failure: unknown): { code: string; message: string } {
  const code = isBanterError(failure) ? failure.code : 'WORKFLOW_STEP_FAILED'
  const message = isBanterError(failure)
    ? failure.summary
    : ((failure as Error | undefined)?.message ?? String(failure))
  return { code, message: capText(message, MAX_ERROR_CHARS) }
}

/** The reason a run stops when another process asked it to. */
export function cancelRequest(): Error {
  return workflowError('WORKFLOW_RUN_CANCELLED', 'cancelled on request', { retryable: false })
}

/**
 * Ends the execution of a run that was interrupted: `closing` saves it and hands it back to the
 * queue (resolves to when to take it up again), `run-timeout` fails it, anything else (a cancel
 * request) cancels it.
 */
export async function stopRun(
  engine: WorkflowEngine,
  record: RunRecord,
  reason: unknown,
): Promise<JobOutcome> {
  const why = reason instanceof Interrupted ? reason.why : 'cancelled'
  if (why === 'closing') {
    await engine.driver.store.put(record.id, record)
    return { at: engine.driver.now() }
  }
  if (why === 'run-timeout') {
    const workflow = engine.workflows.get(record.workflowId)
    const op = workflow?.program[record.pc]
    await engine.finish(record, 'failed', {
      code: 'WORKFLOW_RUN_TIMEOUT',
      message: `the run spent more than ${workflow?.timeoutMs} ms in its steps`,
      ...(op && 'id' in op ? { step: op.id } : {}),
    })
    return undefined
  }
  const message = isBanterError(reason) ? reason.summary : 'cancelled on request'
  await engine.finish(record, 'cancelled', { code: 'WORKFLOW_RUN_CANCELLED', message })
  return undefined
}
