/** An answer of the dashboard API that was not 2xx. */
export class ApiError extends Error {
  readonly status: number
  readonly body: ApiProblem
  constructor(status: number, body: ApiProblem) {
    super(body.error ?? `HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

/** What the API answers on failure: the server's message, hint and per-option issues. */
export interface ApiProblem {
  readonly error?: string
  readonly hint?: string
  readonly code?: string
  readonly issues?: readonly { readonly path: string; readonly message: string }[]
}

let csrf = ''

/** Remembers the session's CSRF token (sent with every change). */
export function setCsrf(token: string): void {
  csrf = token
}

/** Calls the dashboard API (relative to the page's base, `<path>/api/...`). */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET'
  const headers: Record<string, string> = {}
  if (method !== 'GET') headers['x-csrf-token'] = csrf
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`api/${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await response.text()
  const body = text ? (JSON.parse(text) as unknown) : {}
  if (!response.ok) throw new ApiError(response.status, body as ApiProblem)
  return body as T
}

/** The message of an error, for the page. */
export function problem(error: unknown): string {
  if (error instanceof ApiError) return [error.body.error, error.body.hint].filter(Boolean).join(' ')
  return error instanceof Error ? error.message : String(error)
}
