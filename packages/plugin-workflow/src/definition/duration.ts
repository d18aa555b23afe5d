/// <reference path="./ms.d.ts" />
import ms from 'ms'

/** A duration as written in config: `500ms`, `5s`, `5m`, `2h`, `1d`, or a number of milliseconds. */
export type Duration = string | number

/**
 * Parses a duration (`5m`, `1.5h`, `250`) into milliseconds with the `ms` package; `undefined` when it
 * is not a duration or is negative.
 */
export function parseDuration(value: Duration): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  const parsed = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : ms(trimmed)
  return typeof parsed === 'number' && Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined
}

/** Formats milliseconds for people: `5m`, `1.5s`. */
export function formatDuration(milliseconds: number): string {
  return ms(Math.round(milliseconds))
}

/** A duration option in milliseconds (options are validated, so it parses); 0 when it does not. */
export function durationMs(value: Duration): number {
  return parseDuration(value) ?? 0
}
