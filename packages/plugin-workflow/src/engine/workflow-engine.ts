import { BanterError, type PluginContext } from '@banter/core'
import type { Workflow } from '../definition/workflow.js'
import { workflowError } from '../errors.js'
import type { QueueDriver } from '../queue/queue-driver.js'
import { capText, capValue, MAX_ERROR_CHARS } from '../queue/record-caps.js'
import { FINISHED, type RunError, type RunRecord, type RunStatus } from '../queue/run-record.js'
import type { TemplateEngine } from '../template/template-engine.js'
import type { Metrics } from './metrics.js'
import { newRunId } from './run-id.js'

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

/** Turns a payload into plain JSON data (functions such as `attachment.read` dropped). */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null
  return JSON.parse(
    JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item)),
  )
}

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
  /** Local abort controllers of runs executing in this process, by run id. */
  readonly running = new Map<string, AbortController>()

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
    const scope = { trigger: payload, vars: workflow.vars, workflow: { id: workflow.id } }
    for (const condition of fire.skipConditions ? [] : workflow.conditions) {
      if (!this.#templates.test(condition, scope)) return { workflowId, status: 'filtered' }
    }
    const runId = newRunId()
    const claimKey = fire.key === undefined ? undefined : `${workflow.id}:${fire.key}`
    const store = this.#driver.store
    if (claimKey !== undefined) {
      const holder = await store.claim(claimKey, runId, this.#settings.idempotencyTtlMs)
      if (holder !== undefined) {
        this.#metrics.count(workflowId, 'duplicates')
        this.#ctx.logger.debug(
          { workflow: workflowId, run: holder },
          'trigger ignored: its idempotency key started a run already',
        )
        return { workflowId, status: 'duplicate', runId: holder }
      }
    }
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
    await store.put(runId, record)
    const admission = await store.admit(workflowId, runId, {
      limit: workflow.concurrency,
      maxWaiting: workflow.maxWaiting,
      evict: workflow.mode === 'restart',
    })
    for (const evicted of admission.evicted) {
      if (evicted !== runId) await this.cancel(evicted, `restarted by run ${runId}`, false)
    }
    if (admission.outcome === 'full') {
      this.#metrics.count(workflowId, 'skipped')
      record.status = 'cancelled'
      record.error = {
        code: 'WORKFLOW_SKIPPED',
        message: `${workflow.mode} mode: a run of "${workflowId}" is on`,
      }
      await store.put(runId, record, SKIPPED_TTL_MS)
      return { workflowId, status: 'skipped', runId }
    }
    if (admission.outcome === 'wait') {
      record.status = 'waiting'
      await Promise.all([store.remember(runId, now), store.put(runId, record)])
      return { workflowId, status: 'waiting', runId }
    }
    await Promise.all([
      store.remember(runId, now),
      this.#driver.enqueue({ id: runId, data: { kind: 'run', runId, workflowId } }),
    ])
    return { workflowId, status: 'started', runId }
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
   * Finishes a run: saves it, counts it, emits its event, frees its slot and starts the next waiting
   * run. Safe to call again for a run already finished (after a crash, only the slot is freed).
   */
  async finish(record: RunRecord, status: RunStatus, error?: RunError, promote = true): Promise<void> {
    const store = this.#driver.store
    if (!FINISHED.has(record.status)) {
      const now = this.#driver.now()
      record.status = status
      record.finishedAt = now
      if (error) record.error = { ...error, message: capText(error.message, MAX_ERROR_CHARS) }
      await store.put(record.id, record, this.#settings.keepRunsMs)
      const durationMs = now - (record.startedAt ?? record.createdAt)
      const id = record.workflowId
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
    }
    if (promote) await this.release(record.workflowId, record.id)
  }

  /** Frees the slot of `runId` and queues the next waiting run of the workflow, if any. */
  async release(workflowId: string, runId: string): Promise<void> {
    const limit = this.workflows.get(workflowId)?.concurrency ?? 1
    const next = await this.#driver.store.release(workflowId, runId, limit)
    if (next === undefined) return
    const record = await this.#driver.store.get<RunRecord>(next)
    if (!record || FINISHED.has(record.status)) {
      await this.release(workflowId, next)
      return
    }
    record.status = 'queued'
    await this.#driver.store.put(next, record)
    await this.#driver.enqueue({ id: next, data: { kind: 'run', runId: next, workflowId } })
  }

  /**
   * Repairs slots after crashes: frees slots of runs that finished or vanished, queues again runs
   * that hold a slot but lost their job. Runs at worker start and then now and again.
   */
  async reconcile(): Promise<void> {
    const store = this.#driver.store
    for (const workflow of this.workflows.values()) {
      const { active } = await store.slots(workflow.id)
      for (const runId of active) {
        if (this.running.has(runId)) continue
        const record = await store.get<RunRecord>(runId)
        if (!record || FINISHED.has(record.status)) {
          await this.release(workflow.id, runId)
          continue
        }
        const state = await this.#driver.state(runId)
        if (state === 'missing' || state === 'completed') {
          this.#ctx.logger.info(
            { workflow: workflow.id, run: runId },
            'workflow run had lost its job; queued again',
          )
          await this.#driver.enqueue({ id: runId, data: { kind: 'run', runId, workflowId: workflow.id } })
        } else if (state === 'failed') {
          await this.finish(record, 'failed', {
            code: 'WORKFLOW_QUEUE_UNAVAILABLE',
            message: 'the run could not be saved to the queue after repeated attempts',
          })
        }
      }
    }
  }

  /** Waits until a run finishes (polling the store); resolves to its record. */
  async wait(runId: string, timeoutMs = 60_000): Promise<RunRecord> {
    const deadline = this.#driver.now() + timeoutMs
    for (;;) {
      const record = await this.run(runId)
      if (record && FINISHED.has(record.status)) return record
      if (this.#driver.now() > deadline) {
        throw new BanterError('WORKFLOW_RUN_TIMEOUT', `run ${runId} did not finish within ${timeoutMs} ms`, {
          plugin: 'workflow',
          hint: 'Wait longer, or look at the run with `!workflow status <run>`.',
        })
      }
      await this.#ctx.timers.sleep(25)
    }
  }
}
