import type { Logger } from '@banter/core'
import OpenAI from 'openai'
import { OPENAI_BASE_URL, type ResolvedOpenAIOptions } from './options.js'

/** The API key sent to a local server when none is configured (local servers ignore it). */
export const NO_KEY = 'banter-no-key'

/** What {@link createClient} needs. */
export interface ClientDeps {
  /** Validated plugin options. */
  readonly options: ResolvedOpenAIOptions
  /** The plugin's permission-checked fetch. */
  readonly fetch: typeof fetch
  /** The plugin's logger. */
  readonly logger: Logger
  /** Blanks secrets in a text. */
  readonly redact: (text: string) => string
}

/**
 * How long a response asks to wait before a retry (`retry-after-ms`, then `Retry-After` in seconds or
 * as an HTTP date), in milliseconds; `undefined` when it does not say.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms
  const value = headers.get('retry-after')
  if (!value) return undefined
  const seconds = Number.parseFloat(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * Wraps fetch so that the SDK does not retry a response whose `Retry-After` is longer than
 * `maxWaitMs`: the SDK waits out any `Retry-After`, however long, in a sleep that no abort signal
 * ends (openai 6.x `retryRequest`). Past the cap the SDK gets `x-should-retry: false`, fails at once,
 * and the user is told when to try again.
 */
export function capRetryAfter(base: typeof fetch, maxWaitMs: number): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init)
    if (response.ok || response.headers.has('x-should-retry')) return response
    const wait = retryAfterMs(response.headers)
    if (wait === undefined || wait <= maxWaitMs) return response
    const headers = new Headers(response.headers)
    headers.set('x-should-retry', 'false')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

/** The SDK's logger interface, bridged to pino with every line redacted. */
function sdkLogger(logger: Logger, redact: (text: string) => string) {
  const line =
    (level: 'error' | 'warn' | 'debug') =>
    (message: string, ...rest: unknown[]): void => {
      if (!logger.isLevelEnabled(level)) return
      const detail = rest.length === 0 ? undefined : redact(safeJson(rest))
      logger[level](detail === undefined ? {} : { sdk: detail }, `openai sdk: ${redact(message)}`)
    }
  // The SDK logs each retry at `info`; for the bot operator those are debug details.
  return { error: line('error'), warn: line('warn'), info: line('debug'), debug: line('debug') }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/**
 * Creates the SDK client: the plugin's fetch (so the `network` permission applies), retries with
 * the SDK's backoff that honours `Retry-After` up to `maxRetryAfterMs`, a per-attempt timeout, and
 * the SDK's logs in the plugin's logger. Options the SDK would otherwise read from the environment
 * (`OPENAI_BASE_URL`, `OPENAI_API_KEY`) are always passed explicitly.
 */
export function createClient(deps: ClientDeps): OpenAI {
  const { options } = deps
  return new OpenAI({
    apiKey: options.apiKey || NO_KEY,
    baseURL: options.baseURL ?? OPENAI_BASE_URL,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    fetch: capRetryAfter(deps.fetch, options.maxRetryAfterMs),
    logger: sdkLogger(deps.logger, deps.redact),
    logLevel: 'info',
  })
}
