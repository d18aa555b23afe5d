import type { Workflow } from '../definition/workflow.js'
import type { QueueJob } from '../queue/queue-driver.js'
import { FINISHED, type RunRecord } from '../queue/run-record.js'
import type { WorkflowEngine } from './workflow-engine.js'

/** A run job ready to execute: its workflow, its record, and whether the record came in hand. */
export interface TakenRun {
  readonly workflow: Workflow
  readonly record: RunRecord
  /** The record is the one this process queued the run with (the job's first start). */
  readonly fresh: boolean
}

/**
 * Takes a job from the queue: a schedule tick starts a run of its workflow; a run job resolves to
 * what its run needs to execute, unless there is nothing to execute: the record is gone (its slot is
 * freed), the run finished already (a crash after its final write: the finish is made again, which
 * only frees the slot), its workflow is not defined here (the run fails) or it was asked to stop
 * while it waited (it is cancelled).
 */
export async function takeJob(engine: WorkflowEngine, job: QueueJob): Promise<TakenRun | undefined> {
  const data = job.data
  if (data.kind === 'tick') {
    const workflow = engine.workflows.get(data.workflowId)
    if (workflow?.trigger.kind !== 'schedule') return undefined
    await engine.start(workflow.id, {
      kind: 'schedule',
      payload: { firedAt: new Date(engine.driver.now()).toISOString(), tick: job.id },
      key: `tick:${job.id}`,
    })
    return undefined
  }
  const store = engine.driver.store
  // A run this process just queued, at its job's first start: its record is at hand, and a cancel
  // request is answered by the run's first save, so the run starts without a read.
  const handed = engine.takeFresh(data.runId)
  const fresh = job.first === true ? handed : undefined
  const [record, cancelled] = fresh
    ? [fresh, false]
    : await Promise.all([store.get<RunRecord>(data.runId), store.cancelRequested(data.runId)])
  if (!record) {
    await engine.release(data.workflowId, data.runId)
    return undefined
  }
  if (FINISHED.has(record.status)) {
    await engine.finish(record, record.status)
    return undefined
  }
  const workflow = engine.workflows.get(record.workflowId)
  if (!workflow) {
    await engine.finish(record, 'failed', {
      code: 'WORKFLOW_NOT_FOUND',
      message: `workflow "${record.workflowId}" is not defined in this process`,
    })
    return undefined
  }
  if (cancelled) {
    await engine.finish(record, 'cancelled', {
      code: 'WORKFLOW_RUN_CANCELLED',
      message: 'cancelled on request',
    })
    return undefined
  }
  return { workflow, record, fresh: fresh !== undefined }
}
