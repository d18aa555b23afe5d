import { type BanterError, defineErrors } from '@banter/core'

/**
 * The permanent error codes of the antivirus plugin, each with what to do about it. Scan failures are
 * not thrown: they come back as a `ScanResult` with verdict `error` and `error` set to
 * `CODE: what happened`, and the plugin's `failMode` decides.
 */
const catalogue = defineErrors(
  {
    ANTIVIRUS_LIST_UNREADABLE:
      'Check the path in the options (relative paths resolve from the working directory) and that the bot may read the file.',
    ANTIVIRUS_INPUT_INVALID:
      'Pass the file as a Uint8Array (a Buffer is one) or an async iterable of Uint8Array chunks.',
    ANTIVIRUS_FILE_TOO_LARGE: 'Raise `maxFileSize` (and clamd limits) if such files must be accepted.',
    ANTIVIRUS_CLAMD_UNREACHABLE:
      'Start clamd (see the plugin README) or fix `clamav.host`/`clamav.port`/`clamav.socket`; with failMode "closed", files are blocked meanwhile.',
    ANTIVIRUS_CLAMD_TIMEOUT:
      'clamd is overloaded or stopped: check its load and logs, or raise `clamav.scanTimeoutMs` (and the bot hook timeout).',
    ANTIVIRUS_CLAMD_REPLY:
      "Read clamd's reply in the message: a size limit means StreamMaxLength is lower than `clamav.streamMaxLength`.",
    ANTIVIRUS_ARCHIVE_UNREADABLE:
      'The archive is corrupt, truncated or uses a compression the built-in engine cannot read.',
    ANTIVIRUS_ENGINE_FAILED: 'An engine threw: read the cause in the log and report it if it is a bug.',
    ANTIVIRUS_DOWNLOAD_FAILED:
      'The attachment could not be downloaded from the platform; the author may post it again.',
    ANTIVIRUS_DEADLINE: 'Downloads and scans took longer than `deadlineMs`; check clamd and the network.',
  },
  { plugin: 'antivirus' },
)

/** The codes with what to do about each. */
export const ANTIVIRUS_ERRORS = catalogue.codes

/** A code from {@link ANTIVIRUS_ERRORS}. */
export type AntivirusErrorCode = keyof typeof ANTIVIRUS_ERRORS

/** Builds a {@link BanterError} of the antivirus plugin with the catalogue's hint. */
export function antivirusError(
  code: AntivirusErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): BanterError {
  return catalogue.error(code, message, options)
}

/** The `error` text of a failed scan: `CODE: what happened`. */
export function scanError(code: AntivirusErrorCode, message: string): string {
  return `${code}: ${message}`
}
