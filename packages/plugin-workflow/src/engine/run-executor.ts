import type { PluginContext } from '@banter/core'
import type { StepOp, Workflow } from '../definition/workflow.js'
import type { AddressPolicy } from '../http/address-policy.js'
import type { JobOutcome, QueueJob } from '../queue/queue-driver.js'
import { capValue } from '../queue/record-caps.js'
import type { RunRecord } from '../queue/run-record.js'
import type { StepRegistry } from '../steps/step-registry.js'
import type { StepResult } from '../steps/step-type.js'
import type { TemplateEngine, TemplateScope } from '../template/template-engine.js'
import type { Metrics } from './metrics.js'
import { RunControl } from './run-control.js'
import { cancelRequest, Interrupted, stopRun } from './run-interrupts.js'
import { atEnd, runScope } from './run-program.js'
import { type AttemptTools, attemptStep } from './step-attempt.js'
import { emitStepEvent } from './step-event.js'
import { judgeFailure } from './step-failure.js'
import { takeBranch } from './take-branch.js'
import { takeJob } from './take-job.js'
import type { WorkflowEngine } from './workflow-engine.js'

/** Settings of the executor. */
export interface ExecutorSettings {
  /** Which addresses `http` steps may reach. */
  readonly policy: AddressPolicy
  /** Largest HTTP response body read. */
  readonly maxResponseBytes: number
  /** How often a running step checks whether another process cancelled its run. */
  readonly cancelPollMs: number
  /** Characters of JSON a run record keeps per step output and per variable (`limits.recordValue`). */
  readonly maxValueChars: number
}

/** One run being executed: its record, its stop switch and the clock of its active time. */
interface Run {
  readonly workflow: Workflow
  readonly record: RunRecord
  readonly control: RunControl
  /** When its active time was last added up. */
  mark: number
  /** The `running` save of a fresh run, not sent yet (see {@link RunExecutor}). */
  deferred: boolean
}

/**
 * Runs the steps of one run job: resumes at the saved instruction, saves the run after every step,
 * retries failed steps with exponential backoff (by moving the job to `delayed`, so no worker waits),
 * enforces step and run timeouts, honours cancel requests, and on close finishes the current step
 * and hands the rest of the run back to the queue.
 *
 * A run this process just queued starts its first step at once: its `running` save is sent only if
 * that step waits for I/O, and a step done before that leaves it to the step's own save. The last
 * step's save is the run's final write, sent ahead of the job's own move.
 */
export class RunExecutor {
  readonly #ctx: PluginContext<unknown>
  readonly #engine: WorkflowEngine
  readonly #templates: TemplateEngine
  readonly #metrics: Metrics
  readonly #maxValueChars: number
  readonly #tools: AttemptTools
  /** Driver signals listened to (one listener per signal, not one per job). */
  readonly #watched = new WeakSet<AbortSignal>()
  #closing = false

  constructor(
    ctx: PluginContext<unknown>,
    engine: WorkflowEngine,
    steps: StepRegistry,
    templates: TemplateEngine,
    metrics: Metrics,
    settings: ExecutorSettings,
  ) {
    this.#ctx = ctx
    this.#engine = engine
    this.#templates = templates
    this.#metrics = metrics
    this.#maxValueChars = settings.maxValueChars
    const driver = () => engine.driver
    this.#tools = {
      ctx,
      steps,
      templates,
      policy: settings.policy,
      maxResponseBytes: settings.maxResponseBytes,
      cancelPollMs: settings.cancelPollMs,
      get durable() {
        return driver().durable
      },
      cancelRequested: (runId) => driver().store.cancelRequested(runId),
      now: () => driver().now(),
    }
  }

  /** Stop starting steps: running ones finish, and their runs go back to the queue. */
  close(): void {
    this.#closing = true
  }

  /** The job handler given to the queue driver. */
  readonly handle = async (job: QueueJob, signal: AbortSignal): Promise<JobOutcome> => {
    const taken = await takeJob(this.#engine, job)
    if (taken === undefined) return undefined
    const { workflow, record, fresh } = taken
    this.#watch(signal)
    const control = new RunControl(signal)
    this.#engine.running.set(record.id, control)
    try {
      const run: Run = { workflow, record, control, mark: this.#engine.driver.now(), deferred: false }
      const outcome = await this.#run(run, fresh)
      // A cancel that arrived after the last step finished but before the job went back to the queue.
      if (outcome !== undefined && control.aborted) return await stopRun(this.#engine, record, control.reason)
      return outcome
    } finally {
      this.#engine.running.delete(record.id)
    }
  }

  /** Stops this process's runs given `signal` when their driver aborts it (closing hard). */
  #watch(signal: AbortSignal): void {
    if (this.#watched.has(signal)) return
    this.#watched.add(signal)
    const closing = () => {
      for (const control of this.#engine.running.values())
        if (control.source === signal) control.abort(new Interrupted('closing'))
    }
    signal.addEventListener('abort', closing, { once: true })
  }

  /** Saves the run, adding the time since the last save to its active time. */
  async #save(run: Run): Promise<void> {
    run.deferred = false
    const now = this.#engine.driver.now()
    run.record.activeMs += now - run.mark
    run.mark = now
    await this.#engine.driver.store.save(run.record.id, run.record)
  }

  async #run(run: Run, fresh: boolean): Promise<JobOutcome> {
    const { workflow, record, control } = run
    const driver = this.#engine.driver
    if (record.startedAt === undefined) {
      record.startedAt = run.mark
      record.status = 'running'
      if (fresh) run.deferred = true
      else await this.#save(run)
      this.#metrics.count(workflow.id, 'started')
      await this.#ctx.events.emit('workflow.started', {
        workflowId: workflow.id,
        runId: record.id,
        trigger: record.trigger.kind,
      })
    } else if (record.status !== 'running') {
      record.status = 'running'
      await this.#save(run)
    }

    while (record.pc < workflow.program.length) {
      if (this.#closing) {
        await this.#save(run)
        return { at: driver.now() }
      }
      if (control.aborted) return stopRun(this.#engine, record, control.reason)
      const remaining = workflow.timeoutMs - (record.activeMs + (driver.now() - run.mark))
      if (remaining <= 0) return stopRun(this.#engine, record, new Interrupted('run-timeout'))
      const op = workflow.program[record.pc]
      if (op === undefined) break
      if (op.op === 'jump') {
        record.pc = op.to
        continue
      }
      const scope = runScope(workflow, record)
      if (op.op === 'branch') {
        const failure = await takeBranch(
          this.#ctx,
          this.#templates,
          this.#tools.now,
          workflow.id,
          record,
          op,
          scope,
        )
        await this.#save(run)
        if (failure) {
          // A condition that cannot be evaluated fails the run (and frees its slot), like a step.
          await this.#engine.finish(record, 'failed', { ...failure, step: op.id })
          return undefined
        }
        continue
      }
      const next = await this.#step(run, op, scope, remaining)
      if (next !== 'next') return next
    }
    await this.#engine.finish(record, 'completed')
    return undefined
  }

  /** Runs one attempt of a step and records it; `'next'` goes on with the run's next instruction. */
  async #step(run: Run, op: StepOp, scope: TemplateScope, remaining: number): Promise<JobOutcome | 'next'> {
    const { workflow, record, control } = run
    const driver = this.#engine.driver
    const started = driver.now()
    const attempt = record.attempt + 1
    let result: StepResult | undefined
    // Sent only if the step waits, and not awaited: the write reaches Redis before any later one
    // (same connection); a process that dies before it lands leaves the run queued at its first
    // step, as if it had died before the save. Its answer says whether a cancel came first. No
    // write of this run is sent in between.
    let flush: NodeJS.Immediate | undefined
    const deferred = run.deferred
    run.deferred = false
    try {
      const pending = attemptStep(this.#tools, {
        workflowId: workflow.id,
        record,
        op,
        scope,
        attempt,
        timeoutMs: Math.min(op.timeoutMs, remaining),
        control,
        ...(deferred
          ? {
              onWait: () => {
                flush = setImmediate(() => this.#saveStarted(record, control))
              },
            }
          : {}),
      })
      result = pending instanceof Promise ? await pending.finally(() => clearImmediate(flush)) : pending
    } catch (error) {
      return this.#failed(run, op, attempt, started, error)
    }
    // What a run keeps is bounded: later steps see the capped values, as a resumed run would.
    const cap = this.#maxValueChars
    record.steps[op.id] = capValue(result?.output ?? null, cap)
    const vars = result?.vars
    if (vars !== undefined)
      for (const name of Object.keys(vars)) record.vars[name] = capValue(vars[name], cap)
    record.pc += 1
    record.attempt = 0
    record.completed += 1
    this.#metrics.count(workflow.id, 'steps')
    const stepped = () =>
      emitStepEvent(this.#ctx, { workflowId: workflow.id, record, op, attempt, started, now: driver.now() })
    if (result?.delayUntil !== undefined) {
      record.status = 'delayed'
      await this.#save(run)
      await stepped()
      return { at: result.delayUntil }
    }
    if (atEnd(workflow, record.pc) && !control.aborted) {
      // The last step: its save is the run's final write, sent ahead of the job's own move.
      record.activeMs += driver.now() - run.mark
      await this.#engine.complete(record, stepped)
      return undefined
    }
    await this.#save(run)
    await stepped()
    return 'next'
  }

  /** A step attempt that threw: interrupted, retried later, skipped (`continueOnError`) or failed. */
  async #failed(
    run: Run,
    op: StepOp,
    attempt: number,
    started: number,
    error: unknown,
  ): Promise<JobOutcome | 'next'> {
    const { workflow, record } = run
    const driver = this.#engine.driver
    if (error instanceof Interrupted && error.why !== 'step-timeout')
      return stopRun(this.#engine, record, error)
    if (this.#closing) {
      // The bot is stopping and took the step's tools away: not the step's fault, try it again
      // (same idempotency key) in whichever worker picks the run up.
      await this.#save(run)
      return { at: driver.now() }
    }
    const verdict = judgeFailure(op, attempt, error)
    const { code, message } = verdict
    await emitStepEvent(this.#ctx, {
      workflowId: workflow.id,
      record,
      op,
      attempt,
      started,
      now: driver.now(),
      error: { code, message },
      ...(verdict.kind === 'retry' ? { retryInMs: verdict.waitMs } : {}),
    })
    if (verdict.kind === 'retry') {
      record.attempt = attempt
      this.#metrics.count(workflow.id, 'retries')
      await this.#save(run)
      return { at: driver.now() + verdict.waitMs }
    }
    if (verdict.kind === 'skip') {
      record.steps[op.id] = { error: { code, message } }
      record.pc += 1
      record.attempt = 0
      await this.#save(run)
      return 'next'
    }
    await this.#save(run)
    await this.#engine.finish(record, 'failed', { code, message, step: op.id })
    return undefined
  }

  /** Sends the `running` save of a fresh run; a cancel request it finds stops the run. */
  #saveStarted(record: RunRecord, control: RunControl): void {
    this.#engine.driver.store.save(record.id, record).then(
      (cancelled) => {
        if (cancelled) control.abort(cancelRequest())
      },
      () => undefined,
    )
  }
}
