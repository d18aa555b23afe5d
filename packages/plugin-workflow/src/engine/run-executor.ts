import { isBanterError, type PluginContext } from '@banter/core'
import type { BranchOp, StepOp, Workflow } from '../definition/workflow.js'
import { isRetryable, workflowError } from '../errors.js'
import type { AddressPolicy } from '../http/address-policy.js'
import type { JobOutcome, QueueJob } from '../queue/queue-driver.js'
import { capValue } from '../queue/record-caps.js'
import { FINISHED, type RunRecord } from '../queue/run-record.js'
import type { StepRegistry } from '../steps/step-registry.js'
import type { StepResult } from '../steps/step-type.js'
import type { TemplateEngine, TemplateScope } from '../template/template-engine.js'
import type { Metrics } from './metrics.js'
import { backoff, cancelRequest, describeFailure, Interrupted } from './run-interrupts.js'
import { createStepContext } from './step-context.js'
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

/**
 * Runs the steps of one run job: resumes at the saved instruction, saves the run after every step,
 * retries failed steps with exponential backoff (by moving the job to `delayed`, so no worker waits),
 * enforces step and run timeouts, honours cancel requests, and on close finishes the current step
 * and hands the rest of the run back to the queue.
 */
export class RunExecutor {
  readonly #ctx: PluginContext<unknown>
  readonly #engine: WorkflowEngine
  readonly #steps: StepRegistry
  readonly #templates: TemplateEngine
  readonly #metrics: Metrics
  readonly #settings: ExecutorSettings
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
    this.#steps = steps
    this.#templates = templates
    this.#metrics = metrics
    this.#settings = settings
  }

  /** Stop starting steps: running ones finish, and their runs go back to the queue. */
  close(): void {
    this.#closing = true
  }

  /** The job handler given to the queue driver. */
  readonly handle = async (job: QueueJob, signal: AbortSignal): Promise<JobOutcome> => {
    const data = job.data
    if (data.kind === 'tick') {
      const workflow = this.#engine.workflows.get(data.workflowId)
      if (workflow?.trigger.kind !== 'schedule') return undefined
      await this.#engine.start(workflow.id, {
        kind: 'schedule',
        payload: { firedAt: new Date(this.#engine.driver.now()).toISOString(), tick: job.id },
        key: `tick:${job.id}`,
      })
      return undefined
    }
    const store = this.#engine.driver.store
    // A run this process just queued, at its job's first start: its record is at hand, and a cancel
    // request is answered by the first save (below), so the run starts without a read.
    const handed = this.#engine.takeFresh(data.runId)
    const fresh = job.first === true ? handed : undefined
    const [record, cancelled] = fresh
      ? [fresh, false]
      : await Promise.all([store.get<RunRecord>(data.runId), store.cancelRequested(data.runId)])
    if (!record) {
      await this.#engine.release(data.workflowId, data.runId)
      return undefined
    }
    if (FINISHED.has(record.status)) {
      await this.#engine.finish(record, record.status)
      return undefined
    }
    const workflow = this.#engine.workflows.get(record.workflowId)
    if (!workflow) {
      await this.#engine.finish(record, 'failed', {
        code: 'WORKFLOW_NOT_FOUND',
        message: `workflow "${record.workflowId}" is not defined in this process`,
      })
      return undefined
    }
    if (cancelled) {
      await this.#engine.finish(record, 'cancelled', {
        code: 'WORKFLOW_RUN_CANCELLED',
        message: 'cancelled on request',
      })
      return undefined
    }
    const controller = new AbortController()
    this.#engine.running.set(record.id, controller)
    const onDriverAbort = () => controller.abort(new Interrupted('closing'))
    signal.addEventListener('abort', onDriverAbort, { once: true })
    try {
      const outcome = await this.#run(workflow, record, controller, fresh !== undefined)
      // A cancel that arrived after the last step finished but before the job went back to the queue.
      if (outcome !== undefined && controller.signal.aborted)
        return await this.#interrupted(record, controller.signal.reason)
      return outcome
    } finally {
      signal.removeEventListener('abort', onDriverAbort)
      this.#engine.running.delete(record.id)
    }
  }

  async #run(
    workflow: Workflow,
    record: RunRecord,
    controller: AbortController,
    fresh: boolean,
  ): Promise<JobOutcome> {
    const driver = this.#engine.driver
    let mark = driver.now()
    // The `running` save of a fresh run, not sent yet (see below).
    let deferred = false
    const save = async () => {
      deferred = false
      const now = driver.now()
      record.activeMs += now - mark
      mark = now
      await driver.store.save(record.id, record)
    }
    if (record.startedAt === undefined) {
      record.startedAt = mark
      record.status = 'running'
      // A fresh run starts its first step at once: its `running` save is sent only when that step
      // waits for I/O, and a step done before that leaves it to the step's own save.
      if (fresh) deferred = true
      else await save()
      this.#metrics.count(workflow.id, 'started')
      await this.#ctx.events.emit('workflow.started', {
        workflowId: workflow.id,
        runId: record.id,
        trigger: record.trigger.kind,
      })
    } else if (record.status !== 'running') {
      record.status = 'running'
      await save()
    }

    while (record.pc < workflow.program.length) {
      if (this.#closing) {
        await save()
        return { at: driver.now() }
      }
      if (controller.signal.aborted) return this.#interrupted(record, controller.signal.reason)
      const remaining = workflow.timeoutMs - (record.activeMs + (driver.now() - mark))
      if (remaining <= 0) return this.#interrupted(record, new Interrupted('run-timeout'))
      const op = workflow.program[record.pc]
      if (op === undefined) break
      if (op.op === 'jump') {
        record.pc = op.to
        continue
      }
      const scope = this.#scope(workflow, record)
      if (op.op === 'branch') {
        const failure = await this.#branch(workflow, record, op, scope)
        await save()
        if (failure) {
          // A condition that cannot be evaluated fails the run (and frees its slot), like a step.
          await this.#engine.finish(record, 'failed', { ...failure, step: op.id })
          return undefined
        }
        continue
      }
      const started = driver.now()
      const attempt = record.attempt + 1
      let result: StepResult | undefined
      // Not awaited: the write reaches Redis before any later one (same connection); a process that
      // dies before it lands leaves the run queued at its first step, as if it had died before the
      // save. Its answer says whether a cancel came first. No write of this run is sent in between.
      const flush = deferred ? setImmediate(() => this.#saveStarted(record, controller)) : undefined
      deferred = false
      try {
        result = await this.#attempt(
          workflow,
          record,
          op,
          scope,
          attempt,
          Math.min(op.timeoutMs, remaining),
          controller,
        ).finally(() => clearImmediate(flush))
      } catch (error) {
        if (error instanceof Interrupted && error.why !== 'step-timeout')
          return this.#interrupted(record, error)
        if (this.#closing) {
          // The bot is stopping and took the step's tools away: not the step's fault, try it again
          // (same idempotency key) in whichever worker picks the run up.
          await save()
          return { at: driver.now() }
        }
        const failure =
          error instanceof Interrupted
            ? workflowError(
                'WORKFLOW_STEP_TIMEOUT',
                `step "${op.id}" did not finish within ${op.timeoutMs} ms`,
              )
            : error
        const retry = isRetryable(failure) && attempt < op.retry.attempts
        const { code, message } = describeFailure(failure)
        const waitMs = retry ? backoff(op, attempt) : undefined
        await this.#stepEvent(workflow, record, op, attempt, started, { code, message }, waitMs)
        if (waitMs !== undefined) {
          record.attempt = attempt
          this.#metrics.count(workflow.id, 'retries')
          await save()
          return { at: driver.now() + waitMs }
        }
        if (op.continueOnError) {
          record.steps[op.id] = { error: { code, message } }
          record.pc += 1
          record.attempt = 0
          await save()
          continue
        }
        await save()
        await this.#engine.finish(record, 'failed', { code, message, step: op.id })
        return undefined
      }
      // What a run keeps is bounded: later steps see the capped values, as a resumed run would.
      const cap = this.#settings.maxValueChars
      record.steps[op.id] = capValue(result?.output ?? null, cap)
      for (const [name, value] of Object.entries(result?.vars ?? {})) record.vars[name] = capValue(value, cap)
      record.pc += 1
      record.attempt = 0
      record.completed += 1
      this.#metrics.count(workflow.id, 'steps')
      if (result?.delayUntil !== undefined) {
        record.status = 'delayed'
        await save()
        await this.#stepEvent(workflow, record, op, attempt, started)
        return { at: result.delayUntil }
      }
      if (this.#end(workflow, record) && !controller.signal.aborted) {
        // The last step: its save is the run's final write, sent ahead of the job's own move.
        record.activeMs += driver.now() - mark
        await this.#engine.complete(record, () => this.#stepEvent(workflow, record, op, attempt, started))
        return undefined
      }
      await save()
      await this.#stepEvent(workflow, record, op, attempt, started)
    }
    await this.#engine.finish(record, 'completed')
    return undefined
  }

  /** Sends the `running` save of a fresh run; a cancel request it finds stops the run. */
  #saveStarted(record: RunRecord, controller: AbortController): void {
    this.#engine.driver.store.save(record.id, record).then(
      (cancelled) => {
        if (cancelled) controller.abort(cancelRequest())
      },
      () => undefined,
    )
  }

  /** Whether the run has no instruction left after `pc` (jumps followed). */
  #end(workflow: Workflow, record: RunRecord): boolean {
    let pc = record.pc
    for (let hops = 0; hops < workflow.program.length; hops++) {
      const op = workflow.program[pc]
      if (op === undefined) return true
      if (op.op !== 'jump') return false
      pc = op.to
    }
    return false
  }

  async #interrupted(record: RunRecord, reason: unknown): Promise<JobOutcome> {
    const why = reason instanceof Interrupted ? reason.why : 'cancelled'
    if (why === 'closing') {
      await this.#engine.driver.store.put(record.id, record)
      return { at: this.#engine.driver.now() }
    }
    if (why === 'run-timeout') {
      const workflow = this.#engine.workflows.get(record.workflowId)
      await this.#engine.finish(record, 'failed', {
        code: 'WORKFLOW_RUN_TIMEOUT',
        message: `the run spent more than ${workflow?.timeoutMs} ms in its steps`,
        ...(workflow?.program[record.pc] && 'id' in (workflow.program[record.pc] as object)
          ? { step: (workflow.program[record.pc] as StepOp).id }
          : {}),
      })
      return undefined
    }
    const message = isBanterError(reason) ? reason.summary : 'cancelled on request'
    await this.#engine.finish(record, 'cancelled', { code: 'WORKFLOW_RUN_CANCELLED', message })
    return undefined
  }

  /** Takes a branch; resolves to the failure when the condition could not be evaluated. */
  async #branch(
    workflow: Workflow,
    record: RunRecord,
    op: BranchOp,
    scope: TemplateScope,
  ): Promise<{ code: string; message: string } | undefined> {
    const started = this.#engine.driver.now()
    let taken: boolean
    try {
      taken = this.#templates.test(op.condition, scope)
    } catch (error) {
      const failure = describeFailure(error)
      record.steps[op.id] = { error: failure }
      await this.#stepEvent(workflow, record, op, 1, started, failure)
      return failure
    }
    record.steps[op.id] = { branch: taken ? 'then' : 'else' }
    record.pc = taken ? record.pc + 1 : op.elseAt
    record.completed += 1
    await this.#stepEvent(workflow, record, op, 1, started)
    return undefined
  }

  #scope(workflow: Workflow, record: RunRecord): TemplateScope {
    return {
      trigger: record.trigger.payload,
      steps: record.steps,
      vars: record.vars,
      run: {
        id: record.id,
        attempt: record.attempt + 1,
        startedAt: record.startedAt,
        createdAt: record.createdAt,
      },
      workflow: { id: workflow.id, description: workflow.description },
    }
  }

  async #attempt(
    workflow: Workflow,
    record: RunRecord,
    op: StepOp,
    scope: TemplateScope,
    attempt: number,
    timeoutMs: number,
    run: AbortController,
  ): Promise<StepResult | undefined> {
    const stepType = this.#steps.get(op.type)
    if (!stepType) {
      throw workflowError('WORKFLOW_INVALID', `step type "${op.type}" is not registered in this process`)
    }
    const local = new AbortController()
    const context = createStepContext({
      ctx: this.#ctx,
      templates: this.#templates,
      policy: this.#settings.policy,
      maxResponseBytes: this.#settings.maxResponseBytes,
      now: () => this.#engine.driver.now(),
      workflowId: workflow.id,
      record,
      stepId: op.id,
      scope,
      attempt,
      signal: local.signal,
    })
    const timers = this.#ctx.timers
    const disposers: (() => void)[] = []
    const onRunAbort = () => local.abort(run.signal.reason)
    try {
      const pending = stepType.run(op.config, context)
      // A step that answered at once (set, log, delay...): no timer could have fired meanwhile and
      // nothing else ran, so there is nothing to time out or race.
      if (typeof (pending as PromiseLike<unknown> | undefined)?.then !== 'function')
        return pending as StepResult | undefined
      disposers.push(
        timers.setTimeout(
          () => local.abort(new Interrupted(timeoutMs < op.timeoutMs ? 'run-timeout' : 'step-timeout')),
          timeoutMs,
        ),
      )
      run.signal.addEventListener('abort', onRunAbort, { once: true })
      if (this.#engine.driver.durable) {
        disposers.push(
          timers.setInterval(() => {
            void this.#engine.driver.store.cancelRequested(record.id).then(
              (yes) => {
                if (yes) run.abort(cancelRequest())
              },
              () => undefined,
            )
          }, this.#settings.cancelPollMs),
        )
      }
      const aborted = new Promise<never>((_resolve, reject) => {
        const fail = () =>
          reject(
            local.signal.reason instanceof Interrupted ? local.signal.reason : new Interrupted('cancelled'),
          )
        if (local.signal.aborted) fail()
        else local.signal.addEventListener('abort', fail, { once: true })
      })
      aborted.catch(() => undefined)
      return await Promise.race([pending, aborted])
    } finally {
      run.signal.removeEventListener('abort', onRunAbort)
      for (const dispose of disposers) dispose()
    }
  }

  async #stepEvent(
    workflow: Workflow,
    record: RunRecord,
    op: StepOp | BranchOp,
    attempt: number,
    started: number,
    error?: { code: string; message: string },
    retryInMs?: number,
  ): Promise<void> {
    await this.#ctx.events.emit('workflow.step', {
      workflowId: workflow.id,
      runId: record.id,
      step: op.id,
      type: op.op === 'branch' ? 'if' : op.type,
      attempt,
      ok: error === undefined,
      durationMs: this.#engine.driver.now() - started,
      ...(error ? { error, willRetry: retryInMs !== undefined } : {}),
      ...(retryInMs === undefined ? {} : { retryInMs }),
    })
  }
}
