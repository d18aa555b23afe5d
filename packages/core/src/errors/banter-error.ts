import { type BanterErrorCode, ERROR_CODES } from './error-codes.js'

/** Options for {@link BanterError}. */
export interface BanterErrorOptions {
  /** The error that caused this one. */
  cause?: unknown
  /** Overrides the catalogue's "what to do" sentence. */
  hint?: string
  /** The plugin this error is about, when there is one. */
  plugin?: string
  /** Structured details for logs and tests (never secrets). */
  details?: Record<string, unknown>
}

/**
 * The one error type of Banter. Every error has a permanent {@link BanterErrorCode}; its message
 * says what happened and why, followed by what to do.
 *
 * @example
 * ```ts
 * throw new BanterError('CONFIG_INVALID', 'plugin "timestamp": options.timeZone: "Mars/Base" is not an IANA time zone')
 * ```
 */
export class BanterError extends Error {
  /** The permanent code of this error. */
  readonly code: BanterErrorCode
  /** What to do about it. */
  readonly hint: string
  /** The plugin this error is about, when there is one. */
  readonly plugin: string | undefined
  /** Structured details. */
  readonly details: Record<string, unknown>

  constructor(code: BanterErrorCode, message: string, options: BanterErrorOptions = {}) {
    const hint =
      options.hint ??
      (ERROR_CODES as Record<string, string>)[code] ??
      'See the README of the plugin named in the message.'
    super(`${message}\n  → ${hint}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.hint = hint
    this.plugin = options.plugin
    this.details = options.details ?? {}
    this.name = `BanterError [${code}]`
  }

  /** The message without the "what to do" line. */
  get summary(): string {
    const at = this.message.lastIndexOf('\n  → ')
    return at === -1 ? this.message : this.message.slice(0, at)
  }

  /** A plain object for logs and events: `{ code, message }`. */
  toJSON(): { code: BanterErrorCode; message: string } {
    return { code: this.code, message: this.message }
  }
}

/**
 * Thrown when a plugin calls a part of its context that needs a permission it was not granted.
 * It is a {@link BanterError} with code `PERMISSION_DENIED`.
 */
export class PermissionDeniedError extends BanterError {
  /** The permission that was missing. */
  readonly permission: string

  constructor(plugin: string, permission: string, action: string, why: 'undeclared' | 'denied') {
    const reason =
      why === 'denied'
        ? `the operator denied "${permission}" in the bot configuration`
        : `its manifest does not declare "${permission}"`
    super('PERMISSION_DENIED', `plugin "${plugin}" may not ${action}: ${reason}`, {
      plugin,
      details: { permission, action },
    })
    this.permission = permission
  }
}

/** Whether `value` is a {@link BanterError} (also across copies of this package). */
export function isBanterError(value: unknown): value is BanterError {
  return (
    value instanceof BanterError ||
    (value instanceof Error &&
      typeof (value as { code?: unknown }).code === 'string' &&
      value.name.startsWith('BanterError'))
  )
}

/** Turns anything thrown into an `Error`, keeping `Error`s as they are. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value
  return new Error(typeof value === 'string' ? value : `non-error thrown: ${safeString(value)}`)
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
