import { type BanterError, type BanterErrorOptions, defineErrors } from '@banter/core'

/**
 * Every permanent error code of the workflow plugin, with what to do about it. Codes are never
 * reused for another meaning.
 */
const catalogue = defineErrors(
  {
    WORKFLOW_INVALID: 'Fix the workflow definition at the path named in the message, then reload the plugin.',
    WORKFLOW_NOT_FOUND: 'Check the id with `!workflow list`.',
    WORKFLOW_DUPLICATE_ID: 'Give every workflow its own id.',
    WORKFLOW_STEP_FAILED: 'Read the cause; the step is retried with backoff up to its `retry.attempts`.',
    WORKFLOW_STEP_TIMEOUT: 'Raise the step `timeout`, or make the called service answer sooner.',
    WORKFLOW_RUN_TIMEOUT: 'Raise the workflow `timeout`, or split the work into shorter steps.',
    WORKFLOW_RUN_CANCELLED: 'Nothing to do: the run was cancelled on request.',
    WORKFLOW_HTTP_BLOCKED:
      'Only public addresses are reached by default; add the address or range to `http.allowPrivate` if it is yours.',
    WORKFLOW_HTTP_STATUS:
      'Check the service the step calls; 5xx and 429 answers are retried, other 4xx are not.',
    WORKFLOW_QUEUE_UNAVAILABLE: 'Check `redisUrl` and that Redis is reachable; jobs wait in Redis meanwhile.',
    WORKFLOW_WORKERS_NEED_REDIS:
      'Use `driver: bullmq` with a `redisUrl` to run workers in other processes; the memory driver runs only in the bot process.',
    WORKFLOW_TEMPLATE_FAILED:
      'Fix the template named in the message (Liquid syntax: {{ trigger.message.content }}).',
    WORKFLOW_TEMPLATE_LIMIT:
      'The template produced or built too much text: render less (a `truncate` or `slice` filter), or raise `limits.renderChars` / `limits.renderMemory` (`limits.conditionMemory` for conditions).',
    WORKFLOW_TEMPLATE_TIMEOUT:
      'The template or condition took too long: loop over less data, or raise `limits.renderTime` (`limits.conditionTime` for conditions).',
  },
  { plugin: 'workflow' },
)

/** The codes with what to do about each. */
export const WORKFLOW_ERRORS = catalogue.codes

/** A permanent error code of the workflow plugin. */
export type WorkflowErrorCode = keyof typeof WORKFLOW_ERRORS

/** Options of {@link workflowError}; `retryable` defaults to `true`. */
export interface WorkflowErrorOptions extends Omit<BanterErrorOptions, 'hint'> {
  /** Overrides the catalogue hint. */
  readonly hint?: string
  /** Whether a step that failed with this error should be tried again (default true). */
  readonly retryable?: boolean
}

/** Creates a {@link BanterError} with a workflow code, its catalogue hint and the plugin name. */
export function workflowError(
  code: WorkflowErrorCode,
  message: string,
  options: WorkflowErrorOptions = {},
): BanterError {
  const { retryable, hint, ...rest } = options
  return catalogue.error(code, message, {
    ...rest,
    ...(hint === undefined ? {} : { hint }),
    details: { ...rest.details, retryable: retryable ?? true },
  })
}

/** Whether a step error should be retried: errors say so in `details.retryable` (default yes). */
export function isRetryable(error: unknown): boolean {
  const details = (error as { details?: { retryable?: unknown } } | null)?.details
  return details?.retryable !== false
}
