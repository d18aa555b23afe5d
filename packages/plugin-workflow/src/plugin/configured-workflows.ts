import type { BanterError } from '@banter/core'
import { durationMs as ms } from '../definition/duration.js'
import type { WorkflowDefaults } from '../definition/validate-workflow.js'
import type { Workflow } from '../definition/workflow.js'
import { workflowError } from '../errors.js'
import type { ResolvedWorkflowOptions } from '../options.js'

/** What every workflow inherits from the plugin's options (timeouts, retries, the webhook secret). */
export function workflowDefaults(o: ResolvedWorkflowOptions): WorkflowDefaults {
  return {
    timeoutMs: ms(o.timeout),
    stepTimeoutMs: ms(o.stepTimeout),
    retry: {
      attempts: o.retry.attempts,
      backoffMs: ms(o.retry.backoff),
      maxBackoffMs: ms(o.retry.maxBackoff),
    },
    webhookSecret: o.webhookSecret !== undefined,
  }
}

/** The outcome of {@link validateConfigured}. */
export interface ConfiguredWorkflows {
  /** Definitions that are valid now. */
  readonly valid: Workflow[]
  /** Definitions that only lack step types of `stepTypes`, which a plugin may register later. */
  readonly deferred: unknown[]
}

/**
 * Validates the `workflows` of the options with `validate`. A definition whose only fault is step
 * types declared in `stepTypes` waits (the options schema checked it with those standing in for the
 * real ones); any other fault, and an id used twice, throws `WORKFLOW_INVALID` listing every problem.
 */
export function validateConfigured(
  inputs: readonly unknown[],
  validate: (input: unknown, label: string) => Workflow,
  stepTypes: readonly string[],
): ConfiguredWorkflows {
  const problems: string[] = []
  const valid: Workflow[] = []
  const deferred: unknown[] = []
  const ids = new Map<string, number>()
  const declared = new Set(stepTypes)
  inputs.forEach((input, index) => {
    const id = (input as { id?: unknown } | null)?.id
    if (typeof id === 'string') {
      const first = ids.get(id)
      if (first !== undefined) {
        problems.push(`workflow "${id}": id: used by workflows[${first}] and workflows[${index}]`)
        return
      }
      ids.set(id, index)
    }
    try {
      valid.push(validate(input, `workflows[${index}]`))
    } catch (error) {
      const details = (error as BanterError).details as { problems?: string[]; unknownTypes?: string[] }
      const waits =
        details.unknownTypes !== undefined &&
        details.unknownTypes.length > 0 &&
        details.unknownTypes.every((type) => declared.has(type))
      if (waits) deferred.push(input)
      else problems.push(...(details.problems ?? [(error as Error).message]))
    }
  })
  if (problems.length > 0) {
    throw workflowError('WORKFLOW_INVALID', problems.join('\n'), { retryable: false, details: { problems } })
  }
  return { valid, deferred }
}
