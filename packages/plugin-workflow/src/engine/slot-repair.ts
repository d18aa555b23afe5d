import type { Logger } from '@banter/core'
import { FINISHED, type RunRecord } from '../queue/run-record.js'
import type { WorkflowEngine } from './workflow-engine.js'

/**
 * Repairs slots after crashes: frees slots of runs that finished or vanished, queues again runs that
 * hold a slot but lost their job, and fails runs whose job failed for good. Runs at worker start and
 * then now and again ({@link WorkflowEngine.reconcile}).
 */
export async function repairSlots(engine: WorkflowEngine, logger: Logger): Promise<void> {
  const driver = engine.driver
  const store = driver.store
  for (const workflow of engine.workflows.values()) {
    const { active } = await store.slots(workflow.id)
    for (const runId of active) {
      if (engine.running.has(runId)) continue
      const record = await store.get<RunRecord>(runId)
      if (!record || FINISHED.has(record.status)) {
        await engine.release(workflow.id, runId)
        continue
      }
      const state = await driver.state(runId)
      if (state === 'missing' || state === 'completed') {
        logger.info({ workflow: workflow.id, run: runId }, 'workflow run had lost its job; queued again')
        await driver.enqueue({ id: runId, data: { kind: 'run', runId, workflowId: workflow.id } })
      } else if (state === 'failed') {
        await engine.finish(record, 'failed', {
          code: 'WORKFLOW_QUEUE_UNAVAILABLE',
          message: 'the run could not be saved to the queue after repeated attempts',
        })
      }
    }
  }
}
