/** Counters of one workflow in this process, since it started. */
export interface WorkflowMetrics {
  /** Runs whose first step started. */
  started: number
  /** Runs that finished every step. */
  completed: number
  /** Runs that failed. */
  failed: number
  /** Runs cancelled (by hand, or replaced in `restart` mode). */
  cancelled: number
  /** Triggers refused because the mode allowed no more runs. */
  skipped: number
  /** Triggers ignored because their idempotency key had started a run already. */
  duplicates: number
  /** Steps that ran to completion. */
  steps: number
  /** Step attempts that failed and were scheduled again. */
  retries: number
  /** Sum of run durations (start to finish, delays included), in milliseconds. */
  totalMs: number
  /** Longest run, in milliseconds. */
  maxMs: number
  /** When a run of it last finished (ms since the epoch), 0 if never. */
  lastFinishedAt: number
}

/** Counter names of {@link WorkflowMetrics}. */
export type MetricCounter =
  | 'started'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'skipped'
  | 'duplicates'
  | 'steps'
  | 'retries'

const empty = (): WorkflowMetrics => ({
  started: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
  duplicates: 0,
  steps: 0,
  retries: 0,
  totalMs: 0,
  maxMs: 0,
  lastFinishedAt: 0,
})

/** Per-workflow counters of this process (each bot or worker process counts what it did). */
export class Metrics {
  readonly #by = new Map<string, WorkflowMetrics>()

  #of(workflowId: string): WorkflowMetrics {
    let metrics = this.#by.get(workflowId)
    if (!metrics) {
      metrics = empty()
      this.#by.set(workflowId, metrics)
    }
    return metrics
  }

  /** Adds to a counter. */
  count(workflowId: string, counter: MetricCounter, by = 1): void {
    this.#of(workflowId)[counter] += by
  }

  /** Records a finished run's duration. */
  finished(workflowId: string, durationMs: number, at: number): void {
    const metrics = this.#of(workflowId)
    metrics.totalMs += durationMs
    metrics.maxMs = Math.max(metrics.maxMs, durationMs)
    metrics.lastFinishedAt = at
  }

  /** A copy of every workflow's counters. */
  snapshot(): Record<string, WorkflowMetrics> {
    const out: Record<string, WorkflowMetrics> = {}
    for (const [id, metrics] of this.#by) out[id] = { ...metrics }
    return out
  }

  /** A copy of one workflow's counters. */
  of(workflowId: string): WorkflowMetrics {
    return { ...this.#of(workflowId) }
  }
}
