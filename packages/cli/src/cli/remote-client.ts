import { isBanterError } from '@banter/core'
import { appError } from '../app-error-codes.js'
import { loadConfig } from '../config/load-config.js'

/** Where a running bot's admin API is, and the token to use. */
export interface RemoteTarget {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  /** The admin token. */
  readonly token: string | undefined
}

/**
 * The bot to talk to: `--url`, else the config's `http` section (host and port; `0.0.0.0` means this
 * machine). The token comes from `BANTER_ADMIN_TOKEN`, else the config's `http.adminToken`.
 */
export async function remoteTarget(
  options: { readonly url?: string | undefined; readonly config: string },
  env: NodeJS.ProcessEnv,
): Promise<RemoteTarget> {
  const fromEnv = env.BANTER_ADMIN_TOKEN || undefined
  if (options.url) return { url: options.url.replace(/\/+$/, ''), token: fromEnv }
  const { config } = await loadConfig(options.config, env)
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`
  return { url, token: fromEnv ?? config.http.adminToken }
}

/** A failed call, with the lines to print. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly lines: readonly string[],
  ) {
    super(message)
  }
}

/** Calls the admin API; resolves to the JSON answer, throws a {@link RemoteError} with what went wrong. */
export async function callAdmin(
  target: RemoteTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  let res: Response
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (cause) {
    const error = appError(
      'BOT_REMOTE_FAILED',
      `no bot answers at ${target.url}: ${(cause as Error).message}`,
      {
        cause,
      },
    )
    throw new RemoteError(error.message, [error.message])
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (res.ok) return answer
  const issues = (answer.issues as { path: string; message: string }[] | undefined) ?? []
  const lines = [
    `${method} ${path}: ${res.status} ${String(answer.error ?? res.statusText)}`,
    ...issues.map((i) => `  ${i.path}: ${i.message}`),
    ...(answer.hint ? [`  ${String(answer.hint)}`] : []),
    ...(res.status === 401 && !target.token
      ? ['  Set BANTER_ADMIN_TOKEN to the bot’s http.adminToken.']
      : []),
  ]
  throw new RemoteError(lines[0] as string, lines)
}

/** Prints a config error or rethrows. */
export function configProblem(error: unknown): string[] {
  if (error instanceof RemoteError) return [...error.lines]
  if (isBanterError(error)) return [error.message]
  throw error
}
