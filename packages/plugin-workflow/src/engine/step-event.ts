import type { PluginContext } from '@banter/core'
import type { BranchOp, StepOp } from '../definition/workflow.js'
import type { RunRecord } from '../queue/run-record.js'
import type { WorkflowStepEvent } from './events.js'

/** One finished attempt of one step or branch, as `workflow.step` reports it. */
export interface StepOutcome {
  readonly workflowId: string
  readonly record: RunRecord
  readonly op: StepOp | BranchOp
  /** 1 for the first attempt. */
  readonly attempt: number
  /** When the attempt started (queue clock). */
  readonly started: number
  /** The queue clock now. */
  readonly now: number
  /** Why it failed, if it did. */
  readonly error?: { code: string; message: string }
  /** When it will be tried again, the backoff chosen. */
  readonly retryInMs?: number
}

/** Emits `workflow.step` for one finished attempt. */
export function emitStepEvent(ctx: PluginContext<unknown>, outcome: StepOutcome): Promise<void> {
  const { op, error, retryInMs } = outcome
  const event: WorkflowStepEvent = {
    workflowId: outcome.workflowId,
    runId: outcome.record.id,
    step: op.id,
    type: op.op === 'branch' ? 'if' : op.type,
    attempt: outcome.attempt,
    ok: error === undefined,
    durationMs: outcome.now - outcome.started,
  }
  if (error === undefined) return ctx.events.emit('workflow.step', event)
  return ctx.events.emit('workflow.step', {
    ...event,
    error,
    willRetry: retryInMs !== undefined,
    ...(retryInMs === undefined ? {} : { retryInMs }),
  })
}
