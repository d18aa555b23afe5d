import { BanterError } from '@banter/core'
import type { QueueDriver } from '../queue/queue-driver.js'
import { FINISHED, type RunRecord } from '../queue/run-record.js'

/**
 * Waits until run `runId` finishes, reading its record from the store every 25 ms; resolves to the
 * record, or throws `WORKFLOW_RUN_TIMEOUT` after `timeoutMs` (on the driver's clock).
 */
export async function waitForRun(
  driver: QueueDriver,
  runId: string,
  timeoutMs: number,
  sleep: (ms: number) => Promise<unknown>,
): Promise<RunRecord> {
  const deadline = driver.now() + timeoutMs
  for (;;) {
    const record = await driver.store.get<RunRecord>(runId)
    if (record && FINISHED.has(record.status)) return record
    if (driver.now() > deadline) {
      throw new BanterError('WORKFLOW_RUN_TIMEOUT', `run ${runId} did not finish within ${timeoutMs} ms`, {
        plugin: 'workflow',
        hint: 'Wait longer, or look at the run with `!workflow status <run>`.',
      })
    }
    await sleep(25)
  }
}
