import type { ChatMessage, PluginContext } from '@banter/core'
import type { AddressPolicy } from '../http/address-policy.js'
import { guardedRequest } from '../http/guarded-request.js'
import type { RunRecord } from '../queue/run-record.js'
import type { StepContext } from '../steps/step-type.js'
import type { TemplateBudget } from '../template/template-budget.js'
import type { TemplateEngine, TemplateScope } from '../template/template-engine.js'
import { stepKey } from './run-id.js'

/** What {@link createStepContext} needs. */
export interface StepContextInput {
  readonly ctx: PluginContext<unknown>
  readonly templates: TemplateEngine
  readonly policy: AddressPolicy
  readonly maxResponseBytes: number
  now(): number
  readonly workflowId: string
  readonly record: RunRecord
  readonly stepId: string
  readonly scope: TemplateScope
  readonly attempt: number
  /** The attempt's signal, made on first use (most steps never ask for it). */
  signal(): AbortSignal
}

/** The trigger's chat message, rebuilt from the saved (plain JSON) payload. */
export function triggerMessage(payload: unknown): ChatMessage | undefined {
  const message = (payload as { message?: Partial<ChatMessage> } | null)?.message
  if (
    !message ||
    typeof message.id !== 'string' ||
    typeof message.channelId !== 'string' ||
    !message.author
  ) {
    return undefined
  }
  return {
    mentions: { users: [], roles: [], everyone: false, bot: false },
    content: '',
    timestamp: 0,
    platform: 'unknown',
    ...message,
    attachments: [],
  } as ChatMessage
}

/**
 * Builds what one attempt of one step receives: its key, signal, templates and HTTP client. What a
 * step may not use (its signal, its template budget, the trigger's message) is made on first use:
 * most steps are done in a few microseconds, and these would cost more than the step.
 */
export function createStepContext(input: StepContextInput): StepContext {
  const { ctx, templates, scope, record } = input
  // One budget for every template this attempt renders: its characters, allocations and time.
  let budget: TemplateBudget | undefined
  const spend = () => {
    budget ??= templates.budget()
    return budget
  }
  let message: { value: ChatMessage | undefined } | undefined
  return {
    workflowId: input.workflowId,
    runId: record.id,
    stepId: input.stepId,
    attempt: input.attempt,
    idempotencyKey: stepKey(record.id, record.pc),
    get signal() {
      return input.signal()
    },
    scope,
    get message() {
      message ??= { value: triggerMessage(record.trigger.payload) }
      return message.value
    },
    render: (template) => templates.render(template, scope, spend()),
    // Only strings are templates: a number or a boolean needs no budget.
    renderValue: (value) =>
      typeof value === 'string' || (value !== null && typeof value === 'object')
        ? templates.renderValue(value, scope, spend())
        : value,
    test: (expression) => templates.test(expression, scope),
    plugin: ctx,
    logger: ctx.logger,
    now: input.now,
    http: (request) => {
      ctx.permissions.assert('network', 'call HTTP endpoints from workflow steps')
      const signal = input.signal()
      const requestSignal =
        request.timeoutMs === undefined
          ? signal
          : AbortSignal.any([signal, AbortSignal.timeout(request.timeoutMs)])
      return guardedRequest(
        {
          method: request.method,
          url: request.url,
          headers: request.headers ?? {},
          signal: requestSignal,
          maxBytes: input.maxResponseBytes,
          ...(request.body === undefined ? {} : { body: request.body }),
        },
        input.policy,
      )
    },
  }
}
