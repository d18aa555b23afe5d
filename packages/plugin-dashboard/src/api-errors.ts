import type { ServerResponse } from 'node:http'
import { isBanterError } from '@banter/core'
import { BodyError, sendJson } from './http-kit.js'

const STATUS: Record<string, number> = {
  CONFIG_INVALID: 400,
  PLUGIN_NOT_LOADED: 404,
  PLUGIN_NOT_FOUND: 404,
  PLUGIN_ALREADY_LOADED: 409,
  BOT_CONFIG_CONFLICT: 409,
  BOT_CONFIG_NOT_WRITTEN: 409,
  CONFIG_APPLY_FAILED: 422,
  MANIFEST_INVALID: 422,
  PLUGIN_EXPORTS_INVALID: 422,
}

/**
 * Answers an error like the admin API does: `{ error, code, hint, issues? }`, where `issues` are the
 * server's problems with each option (`{ path: 'format', message }`) for the form to show by its field.
 */
export function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof BodyError) {
    sendJson(response, 400, { error: error.message })
    return
  }
  if (!isBanterError(error)) {
    sendJson(response, 500, { error: (error as Error).message })
    return
  }
  const issues = error.details.issues as { path: PropertyKey[]; message: string }[] | undefined
  sendJson(response, STATUS[error.code] ?? 500, {
    error: error.summary,
    code: error.code,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(issues
      ? { issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) }
      : {}),
  })
}
