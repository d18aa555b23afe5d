import { setMaxListeners } from 'node:events'
import type { Disposer, HealthState } from '@banter/core'
import type { Logger } from 'pino'
import { cronParser } from '../definition/cron.js'
import { MemoryRunStore } from './memory-run-store.js'
import type { JobHandler, JobState, QueueDriver, QueueJob, ScheduleSpec } from './queue-driver.js'

/** The timers the memory driver runs on (the plugin's `ctx.timers`: the bot clock). */
export interface DriverTimers {
  now(): number
  setTimeout(fn: () => unknown, ms: number): Disposer
  setInterval(fn: () => unknown, ms: number, options?: { readonly unref?: boolean }): Disposer
}

/** Settings of the memory driver. */
export interface MemoryDriverOptions {
  /** Finished runs kept at most. */
  readonly maxRuns: number
  /** How often expired runs and keys are dropped. */
  readonly sweepEveryMs: number
}

interface Entry {
  readonly job: QueueJob
  state: 'waiting' | 'delayed' | 'active'
  /** Times it was taken. */
  starts: number
  cancelTimer?: Disposer | undefined
}

const INFRA_RETRY_MS = 1000

/**
 * The embedded queue: jobs, delays and schedules in this process, on the bot's clock. Same engine as
 * the bullmq driver, but nothing survives a restart and only this process runs jobs.
 */
export class MemoryQueueDriver implements QueueDriver {
  readonly kind = 'memory'
  readonly durable = false
  readonly store: MemoryRunStore
  readonly #timers: DriverTimers
  readonly #logger: Logger
  readonly #jobs = new Map<string, Entry>()
  readonly #ready: string[] = []
  readonly #running = new Set<Promise<void>>()
  readonly #tracked = new Set<Promise<unknown>>()
  readonly #schedules = new Map<string, { key: string; cancel: Disposer }>()
  readonly #abort = new AbortController()
  readonly #stopSweeping: Disposer
  #handler: JobHandler | undefined
  #concurrency = 1
  #closing = false

  constructor(
    timers: DriverTimers,
    logger: Logger,
    options: MemoryDriverOptions = { maxRuns: 1000, sweepEveryMs: 60_000 },
  ) {
    this.#timers = timers
    // Every running handler listens to it: as many listeners as job slots, by design.
    setMaxListeners(0, this.#abort.signal)
    this.#logger = logger
    this.store = new MemoryRunStore(() => timers.now(), options.maxRuns)
    // Finished runs expire on the bot clock whether anyone reads them or not.
    this.#stopSweeping = timers.setInterval(() => this.store.sweep(), options.sweepEveryMs, { unref: true })
  }

  get processing(): boolean {
    return this.#handler !== undefined
  }

  now(): number {
    return this.#timers.now()
  }

  /** In this process: always ready. */
  health(): HealthState {
    return { ready: true }
  }

  async process(handler: JobHandler, concurrency: number): Promise<void> {
    this.#handler = handler
    this.#concurrency = Math.max(1, concurrency)
    this.#pump()
  }

  async enqueue(job: QueueJob, delayMs = 0): Promise<void> {
    if (this.#closing || this.#jobs.has(job.id)) return
    const entry: Entry = { job, state: 'waiting', starts: 0 }
    this.#jobs.set(job.id, entry)
    this.#place(entry, delayMs)
  }

  #place(entry: Entry, delayMs: number): void {
    if (delayMs > 0) {
      entry.state = 'delayed'
      entry.cancelTimer = this.#timers.setTimeout(() => {
        entry.cancelTimer = undefined
        entry.state = 'waiting'
        this.#ready.push(entry.job.id)
        this.#pump()
      }, delayMs)
      return
    }
    entry.state = 'waiting'
    this.#ready.push(entry.job.id)
    this.#pump()
  }

  #pump(): void {
    const handler = this.#handler
    if (!handler) return
    while (!this.#closing && this.#running.size < this.#concurrency && this.#ready.length > 0) {
      const id = this.#ready.shift() as string
      const entry = this.#jobs.get(id)
      if (entry?.state !== 'waiting') continue
      entry.state = 'active'
      entry.starts += 1
      const task = handler({ ...entry.job, first: entry.starts === 1 }, this.#abort.signal)
        .then(
          (outcome) => {
            if (outcome === undefined || this.#closing) this.#jobs.delete(id)
            else this.#place(entry, Math.max(0, outcome.at - this.now()))
          },
          (error: unknown) => {
            this.#logger.warn({ err: error, job: id }, `workflow job ${id} failed; trying again shortly`)
            if (this.#closing) this.#jobs.delete(id)
            else this.#place(entry, INFRA_RETRY_MS)
          },
        )
        .finally(() => {
          this.#running.delete(task)
          this.#pump()
        })
      this.#running.add(task)
    }
  }

  track(pending: Promise<unknown>): void {
    this.#tracked.add(pending)
    void pending.then(
      () => this.#tracked.delete(pending),
      () => this.#tracked.delete(pending),
    )
  }

  async remove(jobId: string): Promise<boolean> {
    const entry = this.#jobs.get(jobId)
    if (!entry || entry.state === 'active') return false
    entry.cancelTimer?.()
    const at = this.#ready.indexOf(jobId)
    if (at !== -1) this.#ready.splice(at, 1)
    this.#jobs.delete(jobId)
    return true
  }

  async state(jobId: string): Promise<JobState> {
    return this.#jobs.get(jobId)?.state ?? 'missing'
  }

  async upsertSchedule(id: string, spec: ScheduleSpec, workflowId: string): Promise<void> {
    const key = JSON.stringify(spec)
    const existing = this.#schedules.get(id)
    if (existing?.key === key || this.#closing) return
    existing?.cancel()
    const entry = { key, cancel: (() => undefined) as Disposer }
    const arm = () => {
      const now = this.now()
      const at =
        'every' in spec
          ? now + spec.every
          : cronParser()
              .parse(spec.cron, { currentDate: new Date(now), tz: spec.tz ?? 'UTC' })
              .next()
              .getTime()
      entry.cancel = this.#timers.setTimeout(
        () => {
          void this.enqueue({ id: `tick-${id}-${at}`, data: { kind: 'tick', workflowId } })
          arm()
        },
        Math.max(0, at - now),
      )
    }
    arm()
    this.#schedules.set(id, entry)
  }

  async removeSchedule(id: string): Promise<void> {
    this.#schedules.get(id)?.cancel()
    this.#schedules.delete(id)
  }

  async schedules(): Promise<string[]> {
    return [...this.#schedules.keys()]
  }

  async close(): Promise<void> {
    this.#closing = true
    this.#stopSweeping()
    for (const schedule of this.#schedules.values()) schedule.cancel()
    this.#schedules.clear()
    for (const entry of this.#jobs.values()) entry.cancelTimer?.()
    await Promise.allSettled([...this.#running])
    await Promise.allSettled([...this.#tracked])
  }
}
