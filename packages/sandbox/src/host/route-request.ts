import type { Logger } from '@banter/core'
import { sandboxError } from '../errors.js'
import { isThenable } from '../wire/thenable.js'
import { ASYNC_OPS, type BridgeEnv, SYNC_OPS } from './bridge-ops.js'
import type { GuestRequest } from './host-channel.js'

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])

/**
 * Performs one request of a guest through its operation table and answers it (requests with id 0
 * want no answer; their failures are logged). Unknown operations, and requests of a guest that was
 * replaced, are refused.
 */
export function routeRequest(env: BridgeEnv, request: GuestRequest, label: string): void {
  const respond = (result: { ok: true; v: unknown } | { ok: false; error: unknown }) => {
    if (request.id !== 0) env.gen.channel.respond(request.id, result)
    else if (!result.ok)
      env.ctx.logger.warn({ err: result.error, op: request.op }, `${label}: ${request.op} failed`)
  }
  const op = Object.hasOwn(ASYNC_OPS, request.op) ? ASYNC_OPS[request.op] : undefined
  if (!op || env.gen.disposed) {
    respond({
      ok: false,
      error: sandboxError('SANDBOX_UNSUPPORTED', `${label}: "${request.op}" is not available`),
    })
    return
  }
  let result: unknown
  try {
    result = op((request.a ?? {}) as Record<string, unknown>, env)
  } catch (error) {
    respond({ ok: false, error })
    return
  }
  if (isThenable(result)) {
    Promise.resolve(result).then(
      (v) => respond({ ok: true, v }),
      (error: unknown) => respond({ ok: false, error }),
    )
  } else respond({ ok: true, v: result })
}

/** Performs one synchronous request of a guest; a throw becomes the guest's error. */
export function routeSync(env: BridgeEnv, op: string, a: unknown, label: string): unknown {
  const handler = Object.hasOwn(SYNC_OPS, op) ? SYNC_OPS[op] : undefined
  if (!handler || env.gen.disposed)
    throw sandboxError('SANDBOX_UNSUPPORTED', `${label}: "${op}" is not available`)
  return handler((a ?? {}) as Record<string, unknown>, env)
}

/** Writes a guest's log line to the plugin's logger (unknown levels as `info`). */
export function routeLog(logger: Logger, level: string, object: unknown, message: string): void {
  const log = LOG_LEVELS.has(level) ? logger[level as 'info'] : logger.info
  log.call(logger, (typeof object === 'object' && object !== null ? object : {}) as object, String(message))
}
