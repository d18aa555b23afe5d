import { setMaxListeners } from 'node:events'
import type { HealthState } from '@banter/core'
import { DelayedError, type Job, type JobsOptions, Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { batchWrites } from './batch-writes.js'
import type { JobData, JobHandler, JobState, QueueDriver, QueueJob, ScheduleSpec } from './queue-driver.js'
import { redactRedisUrl } from './redact-redis-url.js'
import { RedisRunStore } from './redis-run-store.js'

/** Options of the bullmq driver. */
export interface BullmqDriverOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  readonly url: string
  /** Key prefix (use a hash tag such as `{banter}` on Redis Cluster). */
  readonly prefix: string
  /** Queue name. */
  readonly queue: string
  /** A job's lock lasts this long and is renewed at half of it; a dead worker's job is retried after it. */
  readonly lockDuration: number
  /** How often workers look for jobs whose worker died. Every process must use the same value. */
  readonly stalledInterval: number
  /** How many times a job may be recovered from a dead worker before it fails. */
  readonly maxStalledCount: number
  /** Finished jobs kept for the dashboard. */
  readonly keepJobs: number
  /** Finished run records kept at most. */
  readonly maxRuns: number
}

const INFRA_ATTEMPTS = 20

/**
 * The production driver: BullMQ 6 on Redis. One queue holds run jobs and schedule ticks; run state,
 * slots and claims live in Redis beside it, so any number of processes (`banter worker`) share the
 * work. Delays and retries move the run's own job to `delayed` (`moveToDelayed`), so a restart loses
 * nothing; a worker killed mid-step leaves a job whose lock expires, and another worker resumes it.
 */
export class BullmqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq'
  readonly durable = true
  readonly store: RedisRunStore
  /** The BullMQ queue (for the dashboard). */
  readonly queue: Queue
  readonly #options: BullmqDriverOptions
  readonly #logger: Logger
  readonly #connection: Redis
  #worker: Worker | undefined
  readonly #tracked = new Set<Promise<unknown>>()
  /** The handlers' signal: never aborted, as close waits for running handlers. */
  readonly #abort = new AbortController()
  #lastErrorLog = 0
  /** What every job is added with but its id (BullMQ copies it). */
  readonly #jobOptions: JobsOptions

  constructor(options: BullmqDriverOptions, logger: Logger) {
    this.#options = options
    this.#jobOptions = {
      attempts: INFRA_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: options.keepJobs },
      removeOnFail: { count: options.keepJobs },
    }
    // Every running handler listens to it: as many listeners as job slots, by design.
    setMaxListeners(0, this.#abort.signal)
    this.#logger = logger
    this.#connection = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false })
    batchWrites(this.#connection)
    this.#connection.on('error', (error) => this.#connectionError(error))
    this.#connection.on('ready', () => {
      if (this.#lastErrorLog !== 0) logger.info('workflow queue: connected to Redis again')
      this.#lastErrorLog = 0
    })
    this.queue = new Queue(options.queue, { connection: this.#connection, prefix: options.prefix })
    this.queue.on('error', (error) => this.#connectionError(error))
    this.store = new RedisRunStore(this.#connection, `${options.prefix}:${options.queue}`, options.maxRuns)
  }

  /** Ready while the queue's Redis connection is (ioredis says `ready`). */
  health(): HealthState {
    const status = this.#connection.status
    return status === 'ready'
      ? { ready: true }
      : { ready: false, detail: `the workflow queue's Redis connection is ${status}` }
  }

  #connectionError(error: Error): void {
    const now = Date.now()
    if (now - this.#lastErrorLog < 10_000) return
    this.#lastErrorLog = now
    this.#logger.warn(
      `workflow queue: Redis at ${redactRedisUrl(this.#options.url)} is unreachable (${error.message}); retrying, jobs wait in Redis`,
    )
  }

  /** Waits until Redis answers. */
  async ready(): Promise<void> {
    await this.queue.waitUntilReady()
  }

  get processing(): boolean {
    return this.#worker !== undefined
  }

  now(): number {
    return Date.now()
  }

  async process(handler: JobHandler, concurrency: number): Promise<void> {
    const o = this.#options
    this.#worker = new Worker<JobData>(
      o.queue,
      // Two parameters: BullMQ then makes no abort signal per job (it aborts one only when asked to
      // cancel a job, which this driver never does); handlers share the driver's.
      async (job: Job<JobData>, token?: string) => {
        const outcome = await handler(
          { id: job.id as string, data: job.data, first: job.attemptsStarted === 1 },
          this.#abort.signal,
        )
        if (outcome === undefined) return undefined
        await job.moveToDelayed(Math.max(outcome.at, Date.now()), token)
        throw new DelayedError()
      },
      {
        connection: this.#connection,
        prefix: o.prefix,
        concurrency,
        lockDuration: o.lockDuration,
        stalledInterval: o.stalledInterval,
        maxStalledCount: o.maxStalledCount,
        removeOnComplete: { count: o.keepJobs },
        removeOnFail: { count: o.keepJobs },
      },
    )
    this.#worker.on('error', (error) => this.#connectionError(error))
    this.#worker.on('failed', (job, error) => {
      if (job)
        this.#logger.error({ err: error, job: job.id }, `workflow job ${job.id} failed: ${error.message}`)
    })
    await this.#worker.waitUntilReady()
  }

  async enqueue(job: QueueJob, delayMs = 0): Promise<void> {
    const options = this.#jobOptions
    await this.queue.add(
      job.data.kind,
      job.data,
      delayMs > 0 ? { ...options, jobId: job.id, delay: delayMs } : { ...options, jobId: job.id },
    )
  }

  async remove(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId)
    if (!job) return false
    const state = await job.getState()
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false
    try {
      await job.remove()
      return true
    } catch {
      return false
    }
  }

  async state(jobId: string): Promise<JobState> {
    const state = await this.queue.getJobState(jobId)
    switch (state) {
      case 'active':
      case 'delayed':
      case 'completed':
      case 'failed':
        return state
      case 'unknown':
        return 'missing'
      default:
        return 'waiting'
    }
  }

  async upsertSchedule(id: string, spec: ScheduleSpec, workflowId: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      id,
      'every' in spec ? { every: spec.every } : { pattern: spec.cron, tz: spec.tz ?? 'UTC' },
      {
        name: 'tick',
        data: { kind: 'tick', workflowId } satisfies JobData,
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    )
  }

  async removeSchedule(id: string): Promise<void> {
    await this.queue.removeJobScheduler(id)
  }

  async schedules(): Promise<string[]> {
    const list = await this.queue.getJobSchedulers(0, -1)
    return list.map((s) => s.id ?? s.key)
  }

  track(pending: Promise<unknown>): void {
    this.#tracked.add(pending)
    void pending.then(
      () => this.#tracked.delete(pending),
      () => this.#tracked.delete(pending),
    )
  }

  async close(): Promise<void> {
    try {
      await this.#worker?.close()
      await Promise.allSettled([...this.#tracked])
      await this.queue.close()
    } finally {
      this.#connection.disconnect()
    }
  }
}
