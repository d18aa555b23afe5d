import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai'
import { retryAfterMs } from './create-client.js'
import type { OpenAIErrorCode } from './error-codes.js'
import { excerpt } from './excerpt.js'

/** A failed request, sorted: what the operator log says and what chat is told. */
export interface Failure {
  /** The plugin's error code. */
  readonly code: OpenAIErrorCode
  /** For the operator log: what happened and why (secrets blanked). */
  readonly log: string
  /** For chat: one short, polite sentence, never the error body. */
  readonly chat: string
  /** Operator-caused failures are errors; passing trouble is a warning. */
  readonly level: 'warn' | 'error'
  /** The HTTP status, when the server answered. */
  readonly status?: number
  /** How long the server asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs?: number
}

/** What {@link classifyFailure} needs to know beyond the error. */
export interface FailureContext {
  /** The plugin's own deadline ended the request. */
  readonly timedOut: boolean
  /** The plugin is stopping. */
  readonly stopped: boolean
  /** The deadline, for messages. */
  readonly timeoutMs: number
  /** The model asked, for messages. */
  readonly model: string
  /** Where requests go, for messages. */
  readonly baseURL: string
  /** Blanks secrets. */
  readonly redact: (text: string) => string
}

/** `42 s`, `3 min`, `2 h`: how long to wait, rounded up. */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  if (seconds < 90) return `${seconds} s`
  const minutes = Math.ceil(seconds / 60)
  return minutes < 90 ? `${minutes} min` : `${Math.ceil(minutes / 60)} h`
}

const OPERATOR_TOLD = 'The bot operator has been told.'

/**
 * Sorts anything a request threw into a {@link Failure}: the SDK's status errors (after its
 * retries), connection errors, the plugin's own deadline and shutdown.
 */
export function classifyFailure(error: unknown, context: FailureContext): Failure {
  const { redact, baseURL, model } = context
  if (context.timedOut) {
    return {
      code: 'OPENAI_TIMEOUT',
      level: 'warn',
      log: `the AI service at ${baseURL} did not finish within ${context.timeoutMs} ms`,
      chat: 'Sorry, the AI service took too long to answer. Please try again.',
    }
  }
  if (context.stopped) {
    return {
      code: 'OPENAI_CUT_OFF',
      level: 'warn',
      log: 'the answer was stopped because the plugin is stopping',
      chat: 'Sorry, I had to stop: the bot is restarting. Please ask again in a moment.',
    }
  }
  if (error instanceof APIConnectionTimeoutError) {
    return {
      code: 'OPENAI_TIMEOUT',
      level: 'warn',
      log: `the AI service at ${baseURL} did not answer within ${context.timeoutMs} ms, retries included`,
      chat: 'Sorry, the AI service took too long to answer. Please try again.',
    }
  }
  if (error instanceof APIUserAbortError) {
    return {
      code: 'OPENAI_CUT_OFF',
      level: 'warn',
      log: 'the request was aborted',
      chat: 'Sorry, my answer was interrupted. Please ask again.',
    }
  }
  if (error instanceof APIConnectionError) {
    return {
      code: 'OPENAI_UNREACHABLE',
      level: 'warn',
      log: `could not reach the AI service at ${baseURL}: ${excerpt(redact(describe(error)))}`,
      chat: "Sorry, I can't reach my AI service right now. Please try again later.",
    }
  }
  if (error instanceof APIError) {
    const status = error.status
    // Servers may quote the request back (a validation error with the whole conversation in it).
    const reason = excerpt(redact(error.message))
    const base = { status } as const
    if (error instanceof AuthenticationError) {
      return {
        ...base,
        code: 'OPENAI_KEY_REJECTED',
        level: 'error',
        log: `the AI service at ${baseURL} rejected the API key (HTTP ${status}): ${reason}`,
        chat: `Sorry, I can't answer right now: my AI service refused my credentials. ${OPERATOR_TOLD}`,
      }
    }
    if (error instanceof PermissionDeniedError) {
      return {
        ...base,
        code: 'OPENAI_FORBIDDEN',
        level: 'error',
        log: `the AI service at ${baseURL} refused the key access to model "${model}" (HTTP ${status}): ${reason}`,
        chat: `Sorry, I can't answer right now: my AI service refused the request. ${OPERATOR_TOLD}`,
      }
    }
    if (error instanceof NotFoundError) {
      return {
        ...base,
        code: 'OPENAI_MODEL_NOT_FOUND',
        level: 'error',
        log: `the AI service at ${baseURL} does not know model "${model}" (HTTP ${status}): ${reason}`,
        chat: `Sorry, I can't answer right now: my AI model is not available. ${OPERATOR_TOLD}`,
      }
    }
    if (error instanceof RateLimitError) {
      const wait = retryAfterMs(error.headers)
      return {
        ...base,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
        code: 'OPENAI_RATE_LIMITED',
        level: 'warn',
        log: `the AI service at ${baseURL} is rate limiting the bot (HTTP 429${wait === undefined ? '' : `, retry after ${formatWait(wait)}`}), retries used up: ${reason}`,
        chat: `Sorry, my AI service is getting too many requests right now. Please try again in ${formatWait(wait ?? 60_000)}.`,
      }
    }
    if (error instanceof BadRequestError) {
      return {
        ...base,
        code: 'OPENAI_REQUEST_REJECTED',
        level: 'error',
        log: `the AI service at ${baseURL} refused the request (HTTP ${status}): ${reason}`,
        chat: "Sorry, my AI service couldn't take that question (it may be too long). Please try a shorter one.",
      }
    }
    if (status !== undefined && status >= 500) {
      const wait = retryAfterMs(error.headers)
      return {
        ...base,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
        code: 'OPENAI_UNAVAILABLE',
        level: 'warn',
        log: `the AI service at ${baseURL} failed (HTTP ${status}), retries used up: ${reason}`,
        chat: `Sorry, my AI service is having trouble right now. Please try again in ${formatWait(wait ?? 60_000)}.`,
      }
    }
    return {
      ...(status === undefined ? {} : base),
      code: 'OPENAI_FAILED',
      level: 'error',
      log: `the AI service at ${baseURL} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${reason}`,
      chat: `Sorry, something went wrong while I was answering. ${OPERATOR_TOLD}`,
    }
  }
  return {
    code: 'OPENAI_FAILED',
    level: 'error',
    log: `the request to the AI service at ${baseURL} failed: ${excerpt(redact(describe(error)))}`,
    chat: `Sorry, something went wrong while I was answering. ${OPERATOR_TOLD}`,
  }
}

/** A one-line description of an error and its cause (undici hides the reason in `cause`). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}
