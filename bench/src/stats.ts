import type { BenchRow } from './types.js'

/** The median of `values` (which must not be empty). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** A row from the values of several rounds. */
export function row(name: string, unit: string, values: readonly number[]): BenchRow {
  const m = median(values)
  const spread = m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m
  return { name, unit, median: m, spread, rounds: values.length }
}
