import type { DestinationStream } from 'pino'

/** One captured log line, parsed. */
export interface LogRecord {
  /** pino level number (30 info, 40 warn, 50 error). */
  readonly level: number
  /** The message. */
  readonly msg: string
  /** The plugin that logged it, for plugin loggers. */
  readonly plugin?: string
  /** Everything else pino wrote. */
  readonly [key: string]: unknown
}

/** A pino destination that keeps every line in memory. */
export interface LogCapture extends DestinationStream {
  /** Parsed lines. */
  readonly records: LogRecord[]
  /** Every raw line joined: grep it for things that must never be logged. */
  text(): string
}

/** Creates a {@link LogCapture}. */
export function createLogCapture(): LogCapture {
  const lines: string[] = []
  const records: LogRecord[] = []
  return {
    records,
    write(line: string) {
      lines.push(line)
      try {
        records.push(JSON.parse(line) as LogRecord)
      } catch {
        records.push({ level: 30, msg: line })
      }
    },
    text: () => lines.join(''),
  }
}
