import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino'

/** The logger type used everywhere in Banter (pino). */
export type { Logger }

/**
 * Paths pino blanks in every log line, so keys, tokens and passwords never reach a log even when a
 * plugin logs its whole config.
 */
export const REDACT_PATHS: readonly string[] = [
  'apiKey',
  'token',
  'password',
  'secret',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  'config.apiKey',
  'config.token',
  'options.apiKey',
  'options.token',
  'headers.authorization',
  'headers.cookie',
]

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** pino level: `trace`, `debug`, `info` (default), `warn`, `error`, `fatal`, `silent`. */
  readonly level?: string
  /** Where lines go (default stdout). */
  readonly destination?: DestinationStream
  /** Extra pino options. */
  readonly pino?: LoggerOptions
}

/** Creates the bot's root logger; each plugin gets `logger.child({ plugin })`. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    name: 'banter',
    level: options.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    ...options.pino,
  }
  return options.destination ? pino(config, options.destination) : pino(config)
}
