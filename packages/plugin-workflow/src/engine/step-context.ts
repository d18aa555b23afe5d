import type { ChatMessage, PluginContext } from '@banter/core'
import type { AddressPolicy } from '../http/address-policy.js'
import { guardedRequest } from '../http/guarded-request.js'
import type { RunRecord } from '../queue/run-record.js'
import type { StepContext } from '../steps/step-type.js'
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
  readonly signal: AbortSignal
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

/** Builds what one attempt of one step receives: its key, signal, templates and HTTP client. */
export function createStepContext(input: StepContextInput): StepContext {
  const { ctx, templates, scope, signal, record } = input
  // One budget for every template this attempt renders: its characters, allocations and time.
  const budget = templates.budget()
  return {
    workflowId: input.workflowId,
    runId: record.id,
    stepId: input.stepId,
    attempt: input.attempt,
    idempotencyKey: stepKey(record.id, record.pc),
    signal,
    scope,
    message: triggerMessage(record.trigger.payload),
    render: (template) => templates.render(template, scope, budget),
    renderValue: (value) => templates.renderValue(value, scope, budget),
    test: (expression) => templates.test(expression, scope),
    plugin: ctx,
    logger: ctx.logger,
    now: input.now,
    http: (request) => {
      ctx.permissions.assert('network', 'call HTTP endpoints from workflow steps')
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
