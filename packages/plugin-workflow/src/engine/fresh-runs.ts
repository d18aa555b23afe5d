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

  /** Keeps a copy of `record` as a read would give it (its variables may share objects with the definition). */
  keep(record: RunRecord): void {
    const records = this.#records
    if (records.size >= FRESH_CAP) records.delete(records.keys().next().value as string)
    const vars = Object.keys(record.vars).length === 0 ? {} : structuredClone(record.vars)
    records.set(record.id, { ...record, vars })
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
