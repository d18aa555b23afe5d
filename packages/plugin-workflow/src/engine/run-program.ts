import type { Workflow } from '../definition/workflow.js'
import type { RunRecord } from '../queue/run-record.js'
import type { TemplateScope } from '../template/template-engine.js'

/** Whether a run at instruction `pc` has no instruction left (jumps followed). */
export function atEnd(workflow: Workflow, pc: number): boolean {
  let at = pc
  for (let hops = 0; hops < workflow.program.length; hops++) {
    const op = workflow.program[at]
    if (op === undefined) return true
    if (op.op !== 'jump') return false
    at = op.to
  }
  return false
}

/** What the templates of a run's next instruction see. */
export function runScope(workflow: Workflow, record: RunRecord): TemplateScope {
  return {
    trigger: record.trigger.payload,
    steps: record.steps,
    vars: record.vars,
    run: {
      id: record.id,
      attempt: record.attempt + 1,
      startedAt: record.startedAt,
      createdAt: record.createdAt,
    },
    workflow: { id: workflow.id, description: workflow.description },
  }
}
