import type { PluginContext } from '@banter/core'
import type { Workflow } from '../definition/workflow.js'
import { workflowError } from '../errors.js'
import type { QueueDriver } from '../queue/queue-driver.js'
import { capText, capValue, MAX_ERROR_CHARS } from '../queue/record-caps.js'
import { FINISHED, type RunError, type RunRecord, type RunStatus } from '../queue/run-record.js'
import type { TemplateEngine } from '../template/template-engine.js'
import { finalWrite } from './final-write.js'
import { FreshRuns } from './fresh-runs.js'
import type { Metrics } from './metrics.js'
import type { RunControl } from './run-control.js'
import { newRunId } from './run-id.js'
import { repairSlots } from './slot-repair.js'
import { toPlain } from './to-plain.js'
import { waitForRun } from './wait-for-run.js'

/** A trigger that fired: its kind, its payload (the templates' `trigger`) and its idempotency key. */
export interface TriggerFire {
  readonly kind: string
  readonly payload: unknown
  /** Same key, same event: only the first starts a run (for `idempotencyTtl`). */
  readonly key?: string
  /** Start even when the workflow's conditions are false (manual runs). */
  readonly skipConditions?: boolean
}

/** What became of a trigger. */
export interface StartResult {
  readonly workflowId: string
  /**
   * `started`: queued to run now; `waiting`: waits for a slot (`queued`/`parallel` modes);
   * `duplicate`: the idempotency key had started a run already (`runId` is that run); `skipped`: the
   * mode allowed no more runs; `filtered`: a condition was false.
   */
  readonly status: 'started' | 'waiting' | 'duplicate' | 'skipped' | 'filtered'
  /** The run, for every status but `filtered`. */
  readonly runId?: string
}

/** Settings of the engine. */
export interface EngineSettings {
  /** How long finished runs are kept. */
  readonly keepRunsMs: number
  /** How long an idempotency key blocks a second run. */
  readonly idempotencyTtlMs: number
  /** Characters of JSON a run record keeps of the trigger payload (`limits.recordValue`). */
  readonly maxValueChars: number
}

const SKIPPED_TTL_MS = 3_600_000

/**
 * The workflow engine: starts runs (conditions, idempotency, mode), cancels them, finishes them and
 * hands slots to waiting runs. The same on both drivers; the {@link RunExecutor} runs the steps.
 */
export class WorkflowEngine {
  /** Workflows by id. */
  readonly workflows = new Map<string, Workflow>()
  readonly #ctx: PluginContext<unknown>
  readonly #driver: QueueDriver
  readonly #templates: TemplateEngine
  readonly #metrics: Metrics
  readonly #settings: EngineSettings
  readonly #fresh = new FreshRuns()
  readonly #sleep = (ms: number): Promise<unknown> => this.#ctx.timers.sleep(ms)
  /** Local abort controllers of runs executing in this process, by run id. */
  readonly running = new Map<string, RunControl>()

  constructor(
    ctx: PluginContext<unknown>,
    driver: QueueDriver,
    templates: TemplateEngine,
    metrics: Metrics,
    settings: EngineSettings,
  ) {
    this.#ctx = ctx
    this.#driver = driver
    this.#templates = templates
    this.#metrics = metrics
    this.#settings = settings
  }

  /** The queue driver. */
  get driver(): QueueDriver {
    return this.#driver
  }

  /** A workflow, or `WORKFLOW_NOT_FOUND`. */
  require(workflowId: string): Workflow {
    const workflow = this.workflows.get(workflowId)
    if (!workflow) {
      throw workflowError('WORKFLOW_NOT_FOUND', `no workflow "${workflowId}"`, { retryable: false })
    }
    return workflow
  }

  /** Starts a run of `workflowId` for a trigger that fired (conditions, idempotency key, mode). */
  async start(workflowId: string, fire: TriggerFire): Promise<StartResult> {
    const workflow = this.require(workflowId)
    // The run keeps a bounded copy of the payload; conditions and steps all see that copy.
    const payload = capValue(toPlain(fire.payload), this.#settings.maxValueChars)
    if (!fire.skipConditions && workflow.conditions.length > 0) {
      const scope = { trigger: payload, vars: workflow.vars, workflow: { id: workflow.id } }
      for (const condition of workflow.conditions) {
        if (!this.#templates.test(condition, scope)) return { workflowId, status: 'filtered' }
      }
    }
    const runId = newRunId()
    const claimKey = fire.key === undefined ? undefined : `${workflow.id}:${fire.key}`
    const store = this.#driver.store
    const now = this.#driver.now()
    const record: RunRecord = {
      id: runId,
      workflowId,
      status: 'queued',
      trigger: { kind: fire.kind, payload },
      pc: 0,
      attempt: 0,
      vars: { ...workflow.vars },
      steps: {},
      completed: 0,
      activeMs: 0,
      createdAt: now,
      ...(claimKey === undefined ? {} : { idempotencyKey: claimKey }),
    }
    // One round trip: claim, record, slot and recent list together.
    const opening = await store.open({
      runId,
      workflowId,
      record,
      at: now,
      ...(claimKey === undefined ? {} : { claim: { key: claimKey, ttlMs: this.#settings.idempotencyTtlMs } }),
      policy: {
        limit: workflow.concurrency,
        maxWaiting: workflow.maxWaiting,
        evict: workflow.mode === 'restart',
      },
    })
    if (opening.outcome === 'duplicate') {
      this.#metrics.count(workflowId, 'duplicates')
      this.#ctx.logger.debug(
        { workflow: workflowId, run: opening.holder },
        'trigger ignored: its idempotency key started a run already',
      )
      return { workflowId, status: 'duplicate', runId: opening.holder ?? '' }
    }
    for (const evicted of opening.evicted) {
      if (evicted !== runId) await this.cancel(evicted, `restarted by run ${runId}`, false)
    }
    if (opening.outcome === 'full') {
      this.#metrics.count(workflowId, 'skipped')
      record.status = 'cancelled'
      record.error = {
        code: 'WORKFLOW_SKIPPED',
        message: `${workflow.mode} mode: a run of "${workflowId}" is on`,
      }
      await store.put(runId, record, SKIPPED_TTL_MS)
      return { workflowId, status: 'skipped', runId }
    }
    if (opening.outcome === 'wait') {
      record.status = 'waiting'
      await store.put(runId, record)
      return { workflowId, status: 'waiting', runId }
    }
    await this.#enqueue(record)
    return { workflowId, status: 'started', runId }
  }

  /** Queues a run's job, handing its record to this process's executor for the job's first start. */
  async #enqueue(record: RunRecord): Promise<void> {
    // Only a process that takes jobs may start it (a producer with `workers: 0` keeps nothing).
    if (this.#driver.processing) this.#fresh.keep(record)
    try {
      await this.#driver.enqueue({
        id: record.id,
        data: { kind: 'run', runId: record.id, workflowId: record.workflowId },
      })
    } catch (error) {
      this.#fresh.drop(record.id)
      throw error
    }
  }

  /**
   * The record of a run this process queued, when its job starts for the first time: what the store
   * holds (no one else writes a run whose job waits), so the executor need not read it.
   */
  takeFresh(runId: string): RunRecord | undefined {
    return this.#fresh.take(runId)
  }

  /** A run's record. */
  run(runId: string): Promise<RunRecord | undefined> {
    return this.#driver.store.get<RunRecord>(runId)
  }

  /**
   * Cancels a run: a waiting or delayed one at once, a running one at its current step (which is
   * aborted). Resolves `false` when there is no such unfinished run.
   */
  async cancel(runId: string, reason = 'cancelled on request', promote = true): Promise<boolean> {
    const store = this.#driver.store
    const record = await store.get<RunRecord>(runId)
    if (!record || FINISHED.has(record.status)) return false
    await store.requestCancel(runId, this.#settings.keepRunsMs)
    const local = this.running.get(runId)
    if (local) {
      local.abort(workflowError('WORKFLOW_RUN_CANCELLED', reason, { retryable: false }))
      return true
    }
    const idle = record.status === 'waiting' || (await this.#removeJob(runId))
    if (idle)
      await this.finish(record, 'cancelled', { code: 'WORKFLOW_RUN_CANCELLED', message: reason }, promote)
    return true
  }

  /**
   * Removes a run's job when it waits in the queue. A job that is active may be on its way to
   * `delayed` (its handler just returned), so look again a few times; a job that stays active
   * belongs to a worker that sees the cancel request at its next step.
   */
  async #removeJob(runId: string): Promise<boolean> {
    for (let tries = 0; tries < 20; tries++) {
      const state = await this.#driver.state(runId)
      if (state === 'waiting' || state === 'delayed') {
        if (await this.#driver.remove(runId)) return true
      } else if (state !== 'active') {
        return false
      }
      if (this.running.has(runId)) return false
      await this.#ctx.timers.sleep(50)
    }
    return false
  }

  /**
   * Finishes a run: saves it and frees its slot (one atomic write), counts it, emits its event and
   * starts the next waiting run. Safe to call again for a run already finished (after a crash, only
   * the slot is freed).
   */
  async finish(record: RunRecord, status: RunStatus, error?: RunError, promote = true): Promise<void> {
    const { settled } = await this.#finish(record, status, error, promote, false)
    await settled
  }

  /**
   * Completes a run whose job is about to complete, without waiting for the write: it is sent now,
   * ahead of the job's own move on the same connection, so both take one round trip. Resolves once
   * the event is emitted; the write and the start of the next waiting run finish in the background
   * (the driver's close waits for them). `before` runs once the write is sent, before the event.
   */
  async complete(record: RunRecord, before?: () => Promise<void>): Promise<void> {
    this.#driver.track((await this.#finish(record, 'completed', undefined, true, before ?? true)).settled)
  }

  /** Saves, counts and emits; resolves to the promise of the write and the promotion. */
  async #finish(
    record: RunRecord,
    status: RunStatus,
    error: RunError | undefined,
    promote: boolean,
    later: boolean | (() => Promise<void>),
  ): Promise<{ settled: Promise<void> }> {
    const id = record.workflowId
    if (FINISHED.has(record.status))
      return { settled: promote ? this.release(id, record.id) : Promise.resolve() }
    const now = this.#driver.now()
    record.status = status
    record.finishedAt = now
    if (error) record.error = { ...error, message: capText(error.message, MAX_ERROR_CHARS) }
    const release = promote ? { workflowId: id, limit: this.workflows.get(id)?.concurrency ?? 1 } : undefined
    const store = this.#driver.store
    const written = later
      ? finalWrite(store, record, this.#settings.keepRunsMs, release, this.#sleep, this.#ctx.logger)
      : store.close(record.id, record, this.#settings.keepRunsMs, release)
    // Awaited here unless `later`: a write that fails throws before any event, and the job is retried.
    if (!later) await written
    else written.catch(() => undefined)
    if (typeof later === 'function') await later()
    const durationMs = now - (record.startedAt ?? record.createdAt)
    this.#metrics.finished(id, durationMs, now)
    if (status === 'completed') {
      this.#metrics.count(id, 'completed')
      await this.#ctx.events.emit('workflow.completed', { workflowId: id, runId: record.id, durationMs })
    } else if (status === 'cancelled') {
      this.#metrics.count(id, 'cancelled')
      await this.#ctx.events.emit('workflow.cancelled', {
        workflowId: id,
        runId: record.id,
        reason: record.error?.message ?? 'cancelled',
      })
    } else {
      this.#metrics.count(id, 'failed')
      this.#ctx.logger.warn(
        { workflow: id, run: record.id, step: error?.step, code: error?.code },
        `workflow "${id}" run ${record.id} failed: ${record.error?.message ?? 'unknown error'}`,
      )
      await this.#ctx.events.emit('workflow.failed', {
        workflowId: id,
        runId: record.id,
        error: { code: error?.code ?? 'UNKNOWN', message: record.error?.message ?? 'unknown error' },
        ...(error?.step ? { step: error.step } : {}),
      })
    }
    const settled = written.then((next) => (next === undefined ? undefined : this.#promote(id, next)))
    if (later) {
      settled.catch((failure: unknown) =>
        this.#ctx.logger.error(
          { err: failure, workflow: id, run: record.id },
          `workflow "${id}" run ${record.id}: the next waiting run could not be started (${(failure as Error)?.message}); the slot check at the next worker start repairs it`,
        ),
      )
    }
    return { settled }
  }

  /** Frees the slot of `runId` and queues the next waiting run of the workflow, if any. */
  async release(workflowId: string, runId: string): Promise<void> {
    const limit = this.workflows.get(workflowId)?.concurrency ?? 1
    const next = await this.#driver.store.release(workflowId, runId, limit)
    if (next !== undefined) await this.#promote(workflowId, next)
  }

  /** Queues a waiting run that was just given a slot. */
  async #promote(workflowId: string, next: string): Promise<void> {
    const record = await this.#driver.store.get<RunRecord>(next)
    if (!record || FINISHED.has(record.status)) {
      await this.release(workflowId, next)
      return
    }
    record.status = 'queued'
    await this.#driver.store.put(next, record)
    await this.#enqueue(record)
  }

  /**
   * Repairs slots after crashes ({@link repairSlots}): frees slots of runs that finished or vanished,
   * queues again runs that hold a slot but lost their job. Runs at worker start and now and again.
   */
  reconcile(): Promise<void> {
    return repairSlots(this, this.#ctx.logger)
  }

  /** Waits until a run finishes (polling the store); resolves to its record ({@link waitForRun}). */
  wait(runId: string, timeoutMs = 60_000): Promise<RunRecord> {
    return waitForRun(this.#driver, runId, timeoutMs, this.#sleep)
  }
}
