import { BasePlugin } from './base-plugin.js'

/** A workflow as an automation plugin lists it. */
export interface WorkflowSummary {
  /** Workflow id. */
  readonly id: string
  /** What starts it, in words (`event message.received`, `cron 0 9 * * *`, `command`, `webhook`). */
  readonly trigger: string
  /** Where it was defined: `config` or the plugin that registered it. */
  readonly source: string
}

/** A started run. */
export interface RunHandle {
  /** The run id. */
  readonly runId: string
  /** The workflow id. */
  readonly workflowId: string
}

/**
 * Base of automation plugins: they register triggers and execute workflows (the workflow plugin runs
 * them as BullMQ jobs).
 */
export abstract class AutomationPlugin<Config = Record<string, never>> extends BasePlugin<Config> {
  /** Every workflow the plugin knows. */
  abstract listWorkflows(): readonly WorkflowSummary[]
  /** Starts a run of workflow `id` with `input` as its trigger payload. */
  abstract executeWorkflow(id: string, input?: Record<string, unknown>): Promise<RunHandle>
}
