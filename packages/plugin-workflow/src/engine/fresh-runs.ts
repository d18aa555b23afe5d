import type { RunRecord } from '../queue/run-record.js'

/** Records kept at most (the oldest dropped first: a run another process took is never asked for). */
const FRESH_CAP = 1000

/**
 * Records of runs this process just queued, handed to its executor when their job starts for the
 * first time. A run's record is written by no one while its job waits (a cancel removes the job
 * first), so the one in hand is the one in the store and the executor need not read it back.
 */
export class FreshRuns {
  readonly #records = new Map<string, RunRecord>()

  /**
   * Keeps `record` as a read would give it: its variables, which may share objects with the
   * definition, are copied. The record itself is the caller's no more (it is saved already).
   */
  keep(record: RunRecord): void {
    const records = this.#records
    if (records.size >= FRESH_CAP) records.delete(records.keys().next().value as string)
    for (const _ in record.vars) {
      record.vars = structuredClone(record.vars)
      break
    }
    records.set(record.id, record)
  }

  /** Forgets a run (its job could not be queued). */
  drop(runId: string): void {
    this.#records.delete(runId)
  }

  /** The record kept for `runId`, once. */
  take(runId: string): RunRecord | undefined {
    const record = this.#records.get(runId)
    this.#records.delete(runId)
    return record
  }
}
