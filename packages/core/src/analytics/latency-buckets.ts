/** Upper bounds (ms) of the latency buckets analytics keep; the last bucket is everything above. */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000,
]

/** Counts per latency bucket (one more than {@link LATENCY_BOUNDS_MS}). */
export type LatencyCounts = number[]

/** An empty set of counts. */
export function emptyCounts(): LatencyCounts {
  return new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0)
}

/** The bucket index of a latency. */
export function bucketOf(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (ms <= (LATENCY_BOUNDS_MS[i] as number)) return i
  return LATENCY_BOUNDS_MS.length
}

/** Adds `from` into `into` (same length). */
export function addCounts(into: LatencyCounts, from: readonly number[]): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0)
}

/**
 * The `q` quantile (0..1) of bucketed latencies, as the upper bound of the bucket it falls in
 * (twice the last bound for the open bucket), or `null` without samples.
 */
export function quantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0)
  if (total === 0) return null
  const rank = Math.max(1, Math.ceil(total * q))
  let seen = 0
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0
    if (seen >= rank) return LATENCY_BOUNDS_MS[i] ?? (LATENCY_BOUNDS_MS.at(-1) as number) * 2
  }
  return null
}
