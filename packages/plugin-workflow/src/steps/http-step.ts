import { z } from '@banter/core'
import { workflowError } from '../errors.js'
import type { StepType } from './step-type.js'

const httpSchema = z.strictObject({
  /** HTTP method. */
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
  /** URL (template). */
  url: z.string().min(1),
  /** Headers (values are templates). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Body: text (template), or an object or array sent as JSON (strings inside are templates). */
  body: z.unknown().optional(),
})

/**
 * `http`: calls a URL through the address policy, with the step's idempotency key as the
 * `Idempotency-Key` header. Output `{ status, body, headers }`; 5xx and 429 answers are retried,
 * other non-2xx answers fail the step for good.
 */
export const httpStep: StepType<z.output<typeof httpSchema>> = {
  type: 'http',
  description: 'Calls an HTTP endpoint',
  schema: httpSchema,
  async run(config, step) {
    const url = step.render(config.url).trim()
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(config.headers ?? {})) {
      headers[name.toLowerCase()] = step.render(value)
    }
    headers['idempotency-key'] ??= step.idempotencyKey
    headers['user-agent'] ??= 'banter-workflow'
    let body: string | undefined
    if (config.body !== undefined && config.body !== null) {
      const rendered = step.renderValue(config.body)
      if (typeof rendered === 'string') {
        body = rendered
        headers['content-type'] ??= 'text/plain; charset=utf-8'
      } else {
        body = JSON.stringify(rendered)
        headers['content-type'] ??= 'application/json'
      }
    }
    const response = await step.http({
      method: config.method,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
    })
    if (response.status < 200 || response.status >= 300) {
      const retryable = response.status >= 500 || response.status === 429
      throw workflowError(
        'WORKFLOW_HTTP_STATUS',
        `step "${step.stepId}": ${config.method} answered ${response.status}`,
        { retryable, details: { status: response.status } },
      )
    }
    const contentType = response.headers['content-type']
    return {
      output: {
        status: response.status,
        body: response.body,
        headers: contentType === undefined ? {} : { 'content-type': contentType },
      },
    }
  },
}
