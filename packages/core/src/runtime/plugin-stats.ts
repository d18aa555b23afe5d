import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import { bucketOf, emptyCounts, type LatencyCounts } from '../analytics/latency-buckets.js'

/** A snapshot of a plugin's counters, as `bot.plugins.list()` reports them. */
export interface PluginStatsSnapshot {
  /** Calls into the plugin's hooks, handlers and listeners. */
  readonly calls: number
  /** Calls that threw or rejected. */
  readonly errors: number
  /** Calls abandoned after their timeout. */
  readonly timeouts: number
  /** Median latency in milliseconds (sampled), or `null` before any sample. */
  readonly p50Ms: number | null
  /** 99th percentile latency in milliseconds (sampled), or `null` before any sample. */
  readonly p99Ms: number | null
  /** When the plugin was last called (ms since the epoch, to the watchdog's tick), or `null`. */
  readonly lastUsed: number | null
  /** Failures in a row; the circuit breaker opens at its threshold. */
  readonly consecutiveFailures: number
}

/** A plugin's latency samples: a native HDR histogram and the analytics buckets. */
class Samples {
  readonly latency: RecordableHistogram = createHistogram()
  readonly buckets: LatencyCounts = emptyCounts()
}

/**
 * Per-plugin counters, kept cheap for the hot path: plain number fields and a native HDR histogram
 * (`perf_hooks.createHistogram`). The first call of each watchdog tick (50 ms) is timed.
 */
export class PluginStats {
  calls = 0
  errors = 0
  timeouts = 0
  consecutiveFailures = 0
  lastUsed = 0
  /** @internal The watchdog tick (`Watchdog.ticks`) of the last timed call (one call per plugin per tick is timed). */
  sampledAt = -1
  // Made on the first sample: a plugin that is never called costs no histogram.
  #samples: Samples | undefined

  /** Latency samples by bucket, since start (never reset: analytics take differences). */
  get buckets(): LatencyCounts {
    this.#samples ??= new Samples()
    return this.#samples.buckets
  }

  /** Records one latency sample in milliseconds. */
  record(ms: number): void {
    const ns = Math.round(ms * 1e6)
    this.#samples ??= new Samples()
    this.#samples.latency.record(ns < 1 ? 1 : ns)
    const at = bucketOf(ms)
    const buckets = this.#samples.buckets
    buckets[at] = (buckets[at] as number) + 1
  }

  /** A plain snapshot of the counters. */
  snapshot(): PluginStatsSnapshot {
    const latency = this.#samples?.latency
    const sampled = latency !== undefined && latency.count > 0
    return {
      calls: this.calls,
      errors: this.errors,
      timeouts: this.timeouts,
      p50Ms: sampled ? latency.percentile(50) / 1e6 : null,
      p99Ms: sampled ? latency.percentile(99) / 1e6 : null,
      lastUsed: this.lastUsed === 0 ? null : this.lastUsed,
      consecutiveFailures: this.consecutiveFailures,
    }
  }

  /** Clears every counter (after a reload). */
  reset(): void {
    this.calls = 0
    this.errors = 0
    this.timeouts = 0
    this.consecutiveFailures = 0
    this.lastUsed = 0
    this.sampledAt = -1
    this.#samples?.latency.reset()
  }
}
