import {
  AutomationPlugin,
  type BanterError,
  type Disposer,
  type HealthState,
  isBanterError,
  type PluginContext,
  type PluginManifest,
  type RunHandle,
  type ServiceCaller,
  type WorkflowSummary,
} from '@banter/core'
import { durationMs as ms } from '../definition/duration.js'
import { validateWorkflow } from '../definition/validate-workflow.js'
import { describeTrigger, type Workflow } from '../definition/workflow.js'
import type { WorkflowInput } from '../definition/workflow-types.js'
import { Metrics } from '../engine/metrics.js'
import { RunExecutor } from '../engine/run-executor.js'
import { WorkflowEngine } from '../engine/workflow-engine.js'
import { workflowError } from '../errors.js'
import { AddressPolicy } from '../http/address-policy.js'
import { type ResolvedWorkflowOptions, workflowOptionsSchema } from '../options.js'
import type { BullmqQueueDriver } from '../queue/bullmq-queue.js'
import type { QueueDriver } from '../queue/queue-driver.js'
import { BUILTIN_STEPS } from '../steps/builtin-steps.js'
import { StepRegistry } from '../steps/step-registry.js'
import { TemplateEngine } from '../template/template-engine.js'
import { mountBoard } from './board.js'
import { assertCallerMay } from './caller-rights.js'
import { type ConfiguredWorkflows, validateConfigured, workflowDefaults } from './configured-workflows.js'
import { registerDashboardPages } from './dashboard-pages.js'
import { openDriver } from './open-driver.js'
import { syncSchedule, syncSchedules } from './schedules.js'
import { wireEventTrigger } from './triggers.js'
import { webhookHandler } from './webhook-route.js'
import { registerCommands } from './workflow-commands.js'
import type { WorkflowService } from './workflow-service.js'

/**
 * Durable automation workflows: triggers (events, schedules, commands, webhooks) start runs whose
 * steps (send, reply, ai, http, delay, set, if, command, log, and plugin-defined ones) run as queue
 * jobs, on BullMQ and Redis or in memory. See the package README for the workflow format.
 */
export class WorkflowPlugin extends AutomationPlugin<ResolvedWorkflowOptions> {
  static manifest = {
    name: 'workflow',
    version: '0.1.0',
    description: 'Durable automation workflows run as queue jobs (BullMQ on Redis, or in memory)',
    permissions: ['messages:read', 'messages:send', 'storage', 'network', 'http', 'queue'],
    provides: ['workflows'],
    uses: ['ai'],
  } satisfies PluginManifest

  static configSchema = workflowOptionsSchema

  readonly #steps = new StepRegistry()
  /** Made in `initialize`, with the configured limits (everything that reads it runs after). */
  #templates!: TemplateEngine
  readonly #metrics = new Metrics()
  readonly #wired = new Map<string, Disposer[]>()
  /** The workflows of the options, by id, so that a change of `workflows` swaps them live. */
  readonly #fromConfig = new Map<string, Disposer>()
  readonly #pending = new Set<Promise<unknown>>()
  #deferred: unknown[] = []
  #driver: QueueDriver | undefined
  #engine: WorkflowEngine | undefined
  #executor: RunExecutor | undefined
  #ready = false
  #shutdown: Promise<void> | undefined

  /** For `/readyz`: ready while the queue answers (always, with the memory driver). */
  health(): HealthState {
    return this.#driver?.health() ?? { ready: false, detail: 'the workflow queue is not open yet' }
  }

  /** The engine (for tests and the `banter worker` command); set after `initialize`. */
  get engine(): WorkflowEngine {
    if (!this.#engine)
      throw workflowError('WORKFLOW_QUEUE_UNAVAILABLE', 'the workflow plugin is not initialized')
    return this.#engine
  }

  override async initialize(ctx: PluginContext<ResolvedWorkflowOptions>): Promise<void> {
    const options = ctx.config
    if (options.driver === 'memory' && options.workers === 0) {
      throw workflowError(
        'WORKFLOW_WORKERS_NEED_REDIS',
        'workers: 0 with the memory driver would never run a workflow: memory jobs run only in this process',
        { retryable: false },
      )
    }
    const limits = options.limits
    this.#templates = new TemplateEngine({
      renderChars: limits.renderChars,
      renderTimeMs: ms(limits.renderTime),
      renderMemory: limits.renderMemory,
      conditionTimeMs: ms(limits.conditionTime),
      conditionMemory: limits.conditionMemory,
    })
    for (const step of BUILTIN_STEPS) this.#steps.register(step)
    const { valid: configured, deferred } = this.#validateConfigured(options.workflows)
    this.#deferred = deferred

    const driver = await openDriver(ctx)
    this.#driver = driver
    const engine = new WorkflowEngine(ctx, driver, this.#templates, this.#metrics, {
      keepRunsMs: ms(options.keepRuns),
      idempotencyTtlMs: ms(options.idempotencyTtl),
      maxValueChars: limits.recordValue,
    })
    this.#engine = engine
    this.#executor = new RunExecutor(ctx, engine, this.#steps, this.#templates, this.#metrics, {
      policy: new AddressPolicy(options.http.allowPrivate),
      maxResponseBytes: options.http.maxResponseBytes,
      cancelPollMs: 500,
      maxValueChars: limits.recordValue,
    })
    for (const workflow of configured) this.#fromConfig.set(workflow.id, this.#add(workflow))

    ctx.services.provideFor('workflows', (caller) => this.#service(caller))
    if (options.role === 'all') {
      registerCommands(ctx, engine, this.#metrics, options.access)
      ctx.http.route({
        method: 'POST',
        path: '/hooks/:id',
        handler: webhookHandler(engine, options.webhookSecret),
      })
      registerDashboardPages(ctx, engine)
    }
    ctx.events.on('bot.ready', () => this.#onReady())
    ctx.events.on('bot.stopping', () => this.#close())

    if (options.workers > 0) {
      await driver.process(this.#executor.handle, options.workers * options.concurrency)
      ctx.timers.setInterval(() => this.#reconcile(), ms(options.reconcileEvery))
      this.#track(engine.reconcile().catch((error: unknown) => this.#warn('reconcile failed', error)))
    }
    if (options.driver === 'bullmq' && options.board && options.role === 'all') {
      await mountBoard(ctx, (driver as BullmqQueueDriver).queue).catch((error: unknown) =>
        this.#warn('the queue dashboard could not start', error),
      )
    }
    if (!driver.durable) {
      ctx.logger.warn(
        'workflow queue: memory driver: runs, delays and schedules live in this process and are lost on restart; use `driver: bullmq` with a `redisUrl` for durable runs',
      )
    }
    ctx.logger.info(
      { workflows: configured.length, driver: driver.kind, workers: options.workers, role: options.role },
      `workflow: ${configured.length} workflow(s) on the ${driver.kind} queue, ${options.workers === 0 ? 'no workers here' : `${options.workers * options.concurrency} job slot(s)`}`,
    )
  }

  /**
   * Takes new `workflows` definitions while the bot runs: the configured workflows are swapped (their
   * triggers rewired, schedules synced, the ones removed unscheduled). Any other option restarts the
   * plugin. Bad definitions throw, so the change is refused and the old workflows stay.
   */
  override onConfigChange(
    next: ResolvedWorkflowOptions,
    previous: ResolvedWorkflowOptions,
  ): 'restart' | undefined {
    const changed = (Object.keys(next) as (keyof ResolvedWorkflowOptions)[]).filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]),
    )
    if (!this.#ready || changed.some((key) => key !== 'workflows')) return 'restart'
    const { valid: configured, deferred } = this.#validateConfigured(next.workflows)
    // Definitions that wait for step types another plugin adds: a restart waits for them properly.
    if (deferred.length > 0) return 'restart'
    for (const dispose of this.#fromConfig.values()) dispose()
    this.#fromConfig.clear()
    for (const workflow of configured) this.#fromConfig.set(workflow.id, this.#add(workflow))
    // Syncs every schedule and removes those of workflows that are gone.
    this.#track(this.#onReady())
    return undefined
  }

  override async destroy(): Promise<void> {
    await this.#close()
  }

  override listWorkflows(): readonly WorkflowSummary[] {
    return [...(this.#engine?.workflows.values() ?? [])].map((w) => ({
      id: w.id,
      trigger: describeTrigger(w.trigger),
      source: w.source,
    }))
  }

  override async executeWorkflow(id: string, input: Record<string, unknown> = {}): Promise<RunHandle> {
    const result = await this.engine.start(id, { kind: 'manual', payload: input, skipConditions: true })
    return { runId: result.runId ?? '', workflowId: id }
  }

  #validate(input: unknown, source: string, label?: string): Workflow {
    return validateWorkflow(
      input,
      { steps: this.#steps, templates: this.#templates, defaults: workflowDefaults(this.ctx.config), source },
      label,
    )
  }

  /** Validates the config's workflows ({@link validateConfigured}). */
  #validateConfigured(inputs: readonly unknown[]): ConfiguredWorkflows {
    return validateConfigured(
      inputs,
      (input, label) => this.#validate(input, 'config', label),
      this.ctx.config.stepTypes,
    )
  }

  #add(workflow: Workflow): Disposer {
    const engine = this.engine
    if (engine.workflows.has(workflow.id)) {
      throw workflowError(
        'WORKFLOW_DUPLICATE_ID',
        `workflow "${workflow.id}" is defined twice (${engine.workflows.get(workflow.id)?.source} and ${workflow.source})`,
        {
          retryable: false,
        },
      )
    }
    engine.workflows.set(workflow.id, workflow)
    const disposers: Disposer[] = []
    if (this.ctx.config.role === 'all') {
      const off = wireEventTrigger(this.ctx, engine, this.#templates, workflow, (p) => this.#track(p))
      if (off) disposers.push(off)
    }
    this.#wired.set(workflow.id, disposers)
    if (this.#ready) this.#track(syncSchedule(this.#driver, workflow, this.#warn))
    return () => {
      if (engine.workflows.get(workflow.id) !== workflow) return
      engine.workflows.delete(workflow.id)
      for (const dispose of this.#wired.get(workflow.id) ?? []) dispose()
      this.#wired.delete(workflow.id)
    }
  }

  /** The `workflows` service as one consumer sees it: what it starts or registers needs its own rights. */
  #service(caller: ServiceCaller): WorkflowService {
    const mayRun = (workflowId: string, action: string) => {
      const workflow = this.engine.workflows.get(workflowId)
      if (workflow) assertCallerMay(caller, workflow, action)
    }
    return {
      register: (definition: WorkflowInput, owner = caller.name) => {
        const workflow = this.#validate(definition, owner)
        assertCallerMay(caller, workflow, 'register the workflow')
        return this.#add(workflow)
      },
      registerStepType: (stepType) => {
        const off = this.#steps.register(stepType)
        this.#retryDeferred()
        return off
      },
      validate: (definition) => this.#validate(definition, 'code'),
      start: (workflowId, input = {}, options = {}) => {
        mayRun(workflowId, 'start the workflow')
        return this.engine.start(workflowId, {
          kind: 'manual',
          payload: input,
          skipConditions: true,
          ...(options.key === undefined ? {} : { key: options.key }),
        })
      },
      cancel: (runId) => {
        caller.assert('queue', 'cancel workflow runs')
        return this.engine.cancel(runId)
      },
      get: (runId) => this.engine.run(runId),
      wait: (runId, timeoutMs) => this.engine.wait(runId, timeoutMs),
      list: () => this.listWorkflows(),
      metrics: () => this.#metrics.snapshot(),
    }
  }

  #retryDeferred(final = false): void {
    const waiting = this.#deferred
    this.#deferred = []
    for (const input of waiting) {
      try {
        const workflow = this.#validate(input, 'config')
        this.#fromConfig.set(workflow.id, this.#add(workflow))
      } catch (error) {
        const unknownTypes =
          ((error as BanterError).details as { unknownTypes?: string[] }).unknownTypes ?? []
        if (!final && unknownTypes.length > 0) this.#deferred.push(input)
        else this.ctx.logger.error({ err: error }, (error as Error).message)
      }
    }
  }

  async #onReady(): Promise<void> {
    this.#ready = true
    this.#retryDeferred(true)
    await syncSchedules(this.#driver as QueueDriver, this.engine.workflows.values(), this.#warn)
  }

  #reconcile(): void {
    if (!this.#shutdown)
      this.#track(this.engine.reconcile().catch((error: unknown) => this.#warn('reconcile failed', error)))
  }

  #track(pending: Promise<unknown>): void {
    this.#pending.add(pending)
    void pending.finally(() => this.#pending.delete(pending))
  }

  readonly #warn = (what: string, error: unknown): void => {
    const message = isBanterError(error) ? error.summary : (error as Error)?.message
    this.ctx.logger.warn({ err: error }, `workflow: ${what}: ${message}`)
  }

  /** Graceful close: no new steps start, running steps finish and their runs go back to the queue. */
  #close(): Promise<void> {
    this.#shutdown ??= (async () => {
      this.#executor?.close()
      await Promise.allSettled([...this.#pending])
      await this.#driver?.close()
    })()
    return this.#shutdown
  }
}
