import { type BanterError, defineErrors } from '@banter/core'

/**
 * The catalogue of the bot app's own error codes (prefixed `BOT_`), each with what to do about it.
 * Codes are permanent: once published a code is never reused for another meaning.
 */
const catalogue = defineErrors({
  BOT_HTTP_ADDRESS_IN_USE:
    'Stop the program that listens there, or set `http.port` to a free port (0 picks one), or `http.enabled: false`.',
  BOT_HTTP_ADDRESS_DENIED:
    'Use a port of 1024 or more for `http.port` (lower ones need privileges), or put a reverse proxy in front.',
  BOT_HTTP_ADDRESS_UNAVAILABLE:
    'Set `http.host` to an address of this machine: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).',
  BOT_CONFIG_CONFLICT:
    'The config file was edited since the bot read it: restart the bot (or reload what you edited), then make the change again.',
  BOT_CONFIG_NOT_WRITTEN: 'Check that the config file, the `.env` next to it and their folder are writable.',
  BOT_REMOTE_FAILED:
    'Check --url (or the config `http` section), that the bot runs with the HTTP server on, and BANTER_ADMIN_TOKEN.',
})

/** The codes with what to do about each. */
export const APP_ERROR_CODES = catalogue.codes

/** A permanent error code of the bot app. */
export type AppErrorCode = keyof typeof APP_ERROR_CODES

/** Creates a {@link BanterError} with one of the app's codes and its hint (or a more precise one). */
export function appError(
  code: AppErrorCode,
  message: string,
  options: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
): BanterError {
  return catalogue.error(code, message, {
    ...(options.hint === undefined ? {} : { hint: options.hint }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
    ...(options.details ? { details: options.details } : {}),
  })
}
