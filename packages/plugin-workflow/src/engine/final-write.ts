import type { Logger } from 'pino'
import type { RunRecord } from '../queue/run-record.js'
import type { RunStore, SlotRelease } from '../queue/run-store.js'

/** Tries of a run's final write that no one waits for. */
const ATTEMPTS = 5

/**
 * The final write of a run whose job completes without waiting for it ({@link RunStore.close}): tried
 * again with a growing pause if it fails, then logged. Resolves to the run moved into the freed slot.
 */
export function finalWrite(
  store: RunStore,
  record: RunRecord,
  ttlMs: number,
  release: SlotRelease | undefined,
  sleep: (ms: number) => Promise<unknown>,
  logger: Logger,
): Promise<string | undefined> {
  // The first try as is (no promise of its own): it is the one that nearly always lands.
  return store.close(record.id, record, ttlMs, release).catch(async (first: unknown) => {
    let error = first
    for (let attempt = 1; ; attempt++) {
      if (attempt >= ATTEMPTS) {
        logger.error(
          { err: error, workflow: record.workflowId, run: record.id },
          `workflow run ${record.id} finished but its record could not be saved (${(error as Error)?.message}); it shows its last saved step`,
        )
        throw error
      }
      await sleep(100 * 2 ** attempt)
      try {
        return await store.close(record.id, record, ttlMs, release)
      } catch (again) {
        error = again
      }
    }
  })
}
