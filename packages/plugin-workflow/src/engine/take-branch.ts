import type { PluginContext } from '@banter/core'
import type { BranchOp } from '../definition/workflow.js'
import type { RunRecord } from '../queue/run-record.js'
import type { TemplateEngine, TemplateScope } from '../template/template-engine.js'
import { describeFailure } from './run-interrupts.js'
import { emitStepEvent } from './step-event.js'

/**
 * Takes a branch: evaluates its condition, records which way it went (or why it could not) in the
 * run, moves the run's instruction pointer and emits `workflow.step`. Resolves to the failure when
 * the condition could not be evaluated (the run then fails, like a step).
 */
export async function takeBranch(
  ctx: PluginContext<unknown>,
  templates: TemplateEngine,
  now: () => number,
  workflowId: string,
  record: RunRecord,
  op: BranchOp,
  scope: TemplateScope,
): Promise<{ code: string; message: string } | undefined> {
  const started = now()
  let taken: boolean
  try {
    taken = templates.test(op.condition, scope)
  } catch (error) {
    const failure = describeFailure(error)
    record.steps[op.id] = { error: failure }
    await emitStepEvent(ctx, { workflowId, record, op, attempt: 1, started, now: now(), error: failure })
    return failure
  }
  record.steps[op.id] = { branch: taken ? 'then' : 'else' }
  record.pc = taken ? record.pc + 1 : op.elseAt
  record.completed += 1
  await emitStepEvent(ctx, { workflowId, record, op, attempt: 1, started, now: now() })
  return undefined
}
