import type { Disposer, WorkflowSummary } from '@banter/core'
import type { Workflow } from '../definition/workflow.js'
import type { WorkflowInput } from '../definition/workflow-types.js'
import type { WorkflowMetrics } from '../engine/metrics.js'
import type { StartResult } from '../engine/workflow-engine.js'
import type { RunRecord } from '../queue/run-record.js'
import type { AnyStepType } from '../steps/step-type.js'

/**
 * The `workflows` service: other plugins register workflows and step types in code, start runs
 * and follow them. Get it with `ctx.services.get('workflows')` (list `workflows` in the manifest's
 * `uses`, or depend on the `workflow` plugin, so it starts first).
 *
 * @example
 * ```ts
 * const workflows = ctx.services.get('workflows')
 * this.#off = workflows.register({
 *   id: 'greet', trigger: { command: true },
 *   steps: [{ type: 'reply', text: 'Hello {{ trigger.message.author.name }}!' }],
 * })
 * // in destroy(): this.#off()
 * ```
 */
export interface WorkflowService {
  /**
   * Validates and adds a workflow (throws `WORKFLOW_INVALID` or `WORKFLOW_DUPLICATE_ID`); returns a
   * disposer that removes it. Call the disposer when your plugin stops.
   */
  register(definition: WorkflowInput, owner?: string): Disposer
  /** Adds a step type (throws when the name is taken); returns a disposer. */
  registerStepType(stepType: AnyStepType): Disposer
  /** Validates a definition without adding it; throws `WORKFLOW_INVALID`. */
  validate(definition: unknown): Workflow
  /** Starts a run by hand, with `input` as `trigger` (conditions are not checked). */
  start(
    workflowId: string,
    input?: Record<string, unknown>,
    options?: { readonly key?: string },
  ): Promise<StartResult>
  /** Cancels a run; `false` when there is no such unfinished run. */
  cancel(runId: string): Promise<boolean>
  /** A run's saved state. */
  get(runId: string): Promise<RunRecord | undefined>
  /** Waits until a run finishes (any process may run it). */
  wait(runId: string, timeoutMs?: number): Promise<RunRecord>
  /** Every workflow. */
  list(): readonly WorkflowSummary[]
  /** Per-workflow counters of this process. */
  metrics(): Record<string, WorkflowMetrics>
}

declare module '@banter/core' {
  interface BanterServices {
    /** Workflows, provided by `@banter/plugin-workflow`. */
    workflows: WorkflowService
  }
}
