import type { SoakSample } from './metrics.js'

/** The least-squares slope of `y` over `x` (units of y per unit of x); 0 for fewer than 2 points. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length
  if (n < 2) return 0
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

/** How fast each metric may grow over the second half of a run before it counts as unbounded. */
export interface GrowthLimits {
  /** Heap after gc, bytes per second. */
  readonly heapBytesPerSecond: number
  /** Active handles per second. */
  readonly handlesPerSecond: number
  /** Open file descriptors per second. */
  readonly fdsPerSecond: number
}

/** Limits for a run at a few hundred messages a second: a leak of a few bytes per message shows. */
export const DEFAULT_GROWTH_LIMITS: GrowthLimits = {
  heapBytesPerSecond: 64 * 1024,
  handlesPerSecond: 0.5,
  fdsPerSecond: 0.5,
}

/** One metric's verdict. */
export interface MetricGrowth {
  readonly metric: 'heapUsed' | 'handles' | 'fds'
  /** Slope over the second half, per second. */
  readonly slopePerSecond: number
  /** The limit it was held to. */
  readonly limitPerSecond: number
  /** Values at the start of the second half and at the end. */
  readonly from: number
  readonly to: number
  readonly ok: boolean
}

/**
 * Judges a run: for heap, handles and open files, the slope of a linear regression over the second
 * half of the samples (the first half is warm-up: caches fill, connections open) against its limit.
 */
export function judgeGrowth(
  samples: readonly SoakSample[],
  limits: GrowthLimits = DEFAULT_GROWTH_LIMITS,
): MetricGrowth[] {
  const half = samples.slice(Math.floor(samples.length / 2))
  const metrics = [
    ['heapUsed', limits.heapBytesPerSecond],
    ['handles', limits.handlesPerSecond],
    ['fds', limits.fdsPerSecond],
  ] as const
  return metrics.map(([metric, limit]) => {
    const s = slope(half.map((p) => [p.t, p[metric]] as const))
    return {
      metric,
      slopePerSecond: s,
      limitPerSecond: limit,
      from: half[0]?.[metric] ?? 0,
      to: half.at(-1)?.[metric] ?? 0,
      ok: s <= limit,
    }
  })
}
