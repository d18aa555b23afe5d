import { loadConfig } from '../config/load-config.js'
import { readHttpState } from '../runtime/http-state.js'
import type { BotProject } from './bot-project.js'

/** The answer of an admin API call. */
export interface AdminAnswer {
  readonly status: number
  readonly body: unknown
}

/** A bot that runs from the project's config, reached through its admin API. */
export interface RunningBot {
  /** Base URL. */
  readonly url: string
  /** Calls `method path` with the admin token; never throws for an HTTP error status. */
  call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<AdminAnswer>
}

/**
 * The running bot of the project, if one runs (its `.banter/http.json` names a live process), with the
 * admin token of its config (`http.adminToken`, interpolated from the environment and `.env`).
 */
export async function runningBot(
  project: BotProject,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningBot | undefined> {
  const state = readHttpState(project.dir)
  if (!state) return undefined
  const token = await loadConfig(project.config, env)
    .then((loaded) => loaded.config.http.adminToken)
    .catch(() => undefined)
  return {
    url: state.url,
    call: async (method, path, body) => {
      const response = await fetch(`${state.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // Plain text answer.
      }
      return { status: response.status, body: parsed }
    },
  }
}

/** A one-line reason from an admin API answer (`error` and `hint` of the JSON body). */
export function answerReason(answer: AdminAnswer): string {
  const body = answer.body as { error?: unknown; hint?: unknown; message?: unknown } | string
  if (typeof body === 'string') return `HTTP ${answer.status}${body ? `: ${body.slice(0, 200)}` : ''}`
  const text = [body?.error ?? body?.message, body?.hint].filter((x) => typeof x === 'string').join(' ')
  return `HTTP ${answer.status}${text ? `: ${text}` : ''}`
}
