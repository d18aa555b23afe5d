import { createRequire } from 'node:module'
import { createLogger, type Logger, REDACT_PATHS } from '@banter/core'
import { type DestinationStream, pino } from 'pino'
import type Pretty from 'pino-pretty'

// pino-pretty (about 30 modules) loads only when lines are pretty: not when stderr is a pipe or a file.
const require = createRequire(import.meta.url)
const pretty = (options: Pretty.PrettyOptions) => (require('pino-pretty') as typeof Pretty)(options)

/** Options of {@link createAppLogger}. */
export interface AppLoggerOptions {
  /** Level (default `info`). */
  readonly level?: string
  /** Human-readable lines (default: when stderr is a terminal). */
  readonly pretty?: boolean | undefined
  /** Values to scrub from every line whatever key they sit under (secrets from the environment). */
  readonly secrets?: readonly string[]
  /** Where lines go (default stderr, so chat output on stdout stays clean). */
  readonly destination?: DestinationStream
}

/** The bot app's logger: pino on stderr, pretty on a terminal, with secrets scrubbed. */
export function createAppLogger(options: AppLoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4)
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY)
  const destination =
    options.destination ??
    (usePretty
      ? pretty({
          destination: 2,
          sync: true,
          colorize: Boolean(process.stderr.isTTY),
          ignore: 'pid,hostname,name',
          translateTime: 'HH:MM:ss',
        })
      : pino.destination({ dest: 2, sync: true }))
  return createLogger({
    level: options.level ?? 'info',
    destination,
    pino: {
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      hooks: {
        streamWrite: (line: string) =>
          secrets.reduce((out, secret) => out.replaceAll(secret, '[redacted]'), line),
      },
    },
  })
}
