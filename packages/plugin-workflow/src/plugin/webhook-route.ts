import { createHash, timingSafeEqual } from 'node:crypto'
import type { HttpRequest, HttpResponse } from '@banter/core'
import type { WorkflowEngine } from '../engine/workflow-engine.js'

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The secret a webhook caller sent: `X-Webhook-Secret: <secret>` or `Authorization: Bearer <secret>`. */
function presented(request: HttpRequest): string | undefined {
  const direct = header(request, 'x-webhook-secret')
  if (direct) return direct
  const auth = header(request, 'authorization')
  return auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined
}

/**
 * Answers `POST /plugins/workflow/hooks/:id`: checks the shared secret (in constant time), then starts
 * a run with `trigger.body` and `trigger.query`. An `Idempotency-Key` header makes redelivered hooks
 * start one run. 202 started, 200 duplicate or skipped, 401 bad secret, 404 no such webhook.
 */
export function webhookHandler(
  engine: WorkflowEngine,
  defaultSecret: string | undefined,
): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    const id = request.params.id ?? ''
    const workflow = engine.workflows.get(id)
    if (workflow?.trigger.kind !== 'webhook') {
      return { status: 404, body: { error: `no webhook workflow "${id}"` } }
    }
    const secret = workflow.trigger.secret ?? defaultSecret
    const given = presented(request)
    if (!secret || given === undefined || !timingSafeEqual(digest(secret), digest(given))) {
      return { status: 401, body: { error: 'missing or wrong webhook secret' } }
    }
    const key = header(request, 'idempotency-key')
    const result = await engine.start(id, {
      kind: 'webhook',
      payload: { body: request.body ?? null, query: request.query },
      ...(key ? { key: `hook:${key}` } : {}),
    })
    return { status: result.status === 'started' || result.status === 'waiting' ? 202 : 200, body: result }
  }
}
