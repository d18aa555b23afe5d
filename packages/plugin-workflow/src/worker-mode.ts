import { workflowError } from './errors.js'
import type { WorkflowOptions } from './options.js'

/** The workflow plugin's manifest name, as it appears in `banter.config.yaml`. */
export const WORKFLOW_PLUGIN_NAME = 'workflow'

/**
 * The options a `banter worker` process gives the workflow plugin: the same options as the bot,
 * with `role: 'worker'` (no chat, command or webhook triggers: only schedules and jobs) and at least
 * `workers` worker slots. Throws `WORKFLOW_WORKERS_NEED_REDIS` for the memory driver, whose jobs
 * live inside the bot process and cannot be shared.
 *
 * @example
 * ```ts
 * // apps/bot, `banter worker`: same config, workflow plugin forced into worker mode
 * const entry = config.plugins.find(([name]) => name === WORKFLOW_PLUGIN_NAME)
 * entry[1] = asWorkerOptions(entry[1], Number(flags.workers ?? 1))
 * ```
 */
export function asWorkerOptions(options: WorkflowOptions | undefined, workers = 1): WorkflowOptions {
  const given = options ?? {}
  if ((given.driver ?? 'memory') !== 'bullmq') {
    throw workflowError(
      'WORKFLOW_WORKERS_NEED_REDIS',
      '`banter worker` needs the workflow plugin on `driver: bullmq`: with the memory driver, runs exist only inside the bot process',
      { retryable: false },
    )
  }
  return { ...given, role: 'worker', workers: Math.max(1, workers, given.workers ?? 1), board: false }
}
