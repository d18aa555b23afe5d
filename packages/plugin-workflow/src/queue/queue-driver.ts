import type { HealthState } from '@banter/core'
import type { RunStore } from './run-store.js'

/** What a queue job carries: a run to execute, or a schedule tick to turn into a run. */
export type JobData =
  | { readonly kind: 'run'; readonly runId: string; readonly workflowId: string }
  | { readonly kind: 'tick'; readonly workflowId: string }

/** A job as the handler sees it. */
export interface QueueJob {
  /** Job id (the run id for runs; unique per tick for schedules). */
  readonly id: string
  /** Payload. */
  readonly data: JobData
  /**
   * `true` when the job is active for the first time since it was added (not after a delay, a retry
   * or a dead worker): no one has run it yet.
   */
  readonly first?: boolean
}

/** What a handler asks for: nothing (the job is done), or to run the job again at `at`. */
export type JobOutcome = undefined | { readonly at: number }

/**
 * Processes one job. `signal` aborts when the driver closes hard. Handlers never throw for step
 * failures; a throw means the job's state could not be saved (the queue is down) and the driver
 * tries the job again later.
 */
export type JobHandler = (job: QueueJob, signal: AbortSignal) => Promise<JobOutcome>

/** A repeating schedule. */
export type ScheduleSpec = { readonly cron: string; readonly tz?: string } | { readonly every: number }

/** State of a job in the queue. */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'missing'

/**
 * The queue behind the workflow engine: one small interface, two drivers. `bullmq` keeps jobs and
 * run state in Redis (durable, shared by every process); `memory` keeps them in the process (not
 * durable). The engine on top is the same.
 */
export interface QueueDriver {
  /** `memory` or `bullmq`. */
  readonly kind: 'memory' | 'bullmq'
  /** Whether jobs survive a restart. */
  readonly durable: boolean
  /** Runs, slots and claims. */
  readonly store: RunStore
  /** Whether this process takes jobs ({@link QueueDriver.process} was called). */
  readonly processing: boolean
  /** The driver's clock (ms since the epoch). */
  now(): number
  /** Whether the queue's backend answers now (for `/readyz`; cheap, from the client's own state). */
  health(): HealthState
  /** Starts taking jobs, up to `concurrency` at once (never called when `workers` is 0). */
  process(handler: JobHandler, concurrency: number): Promise<void>
  /** Adds a job; a job with the same id already in the queue is left alone. */
  enqueue(job: QueueJob, delayMs?: number): Promise<void>
  /** Removes a waiting or delayed job; `false` when it is active or gone. */
  remove(jobId: string): Promise<boolean>
  /** Where a job is. */
  state(jobId: string): Promise<JobState>
  /** Creates or updates the schedule `id` (idempotent: never a second schedule). */
  upsertSchedule(id: string, spec: ScheduleSpec, workflowId: string): Promise<void>
  /** Removes a schedule. */
  removeSchedule(id: string): Promise<void>
  /** Ids of every schedule. */
  schedules(): Promise<string[]>
  /**
   * Work a handler left running when it returned (such as a run's last write, sent ahead of the
   * job's own move on the same connection): {@link QueueDriver.close} waits for it.
   */
  track(pending: Promise<unknown>): void
  /** Stops taking jobs and waits for active handlers and tracked work; then closes connections. */
  close(): Promise<void>
}
