import type { EventManager } from '../events/event-manager.js'
import type { PluginStats } from '../runtime/plugin-stats.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import type { Clock } from '../timers/clock.js'
import { addCounts, bucketOf, emptyCounts, type LatencyCounts, quantile } from './latency-buckets.js'

/** Counters of one plugin or command in one hour, as stored. */
interface Counters {
  calls: number
  errors: number
  timeouts: number
  lastUsed: number
  latency: LatencyCounts
  plugin?: string
}

/** One hour of usage, as stored under `analytics:<hour>`. */
interface HourBucket {
  plugins: Record<string, Counters>
  commands: Record<string, Counters>
}

/** Usage of one plugin or command over the period asked. */
export interface UsageLine {
  /** Plugin or command name. */
  readonly name: string
  /** For a command: the plugin that owns it. */
  readonly plugin?: string
  /** Calls (for a plugin: its hooks, handlers and listeners). */
  readonly calls: number
  /** Calls that threw or rejected. */
  readonly errors: number
  /** Calls abandoned after their timeout. */
  readonly timeouts: number
  /** Median latency in ms (upper bound of its bucket), `null` without samples. */
  readonly p50Ms: number | null
  /** 99th percentile latency in ms (upper bound of its bucket), `null` without samples. */
  readonly p99Ms: number | null
  /** Last use, ISO date, or `null`. */
  readonly lastUsed: string | null
}

/** What {@link UsageAnalytics.report} returns. */
export interface UsageReport {
  /** The hours covered (up to 168, 7 days). */
  readonly hours: number
  /** Per plugin, most called first. */
  readonly plugins: readonly UsageLine[]
  /** Per command, most called first. */
  readonly commands: readonly UsageLine[]
  /** The five most used commands. */
  readonly mostUsed: readonly UsageLine[]
  /** The five commands (or plugins) failing most (errors and timeouts), failures first. */
  readonly mostFailing: readonly UsageLine[]
}

const HOUR = 3_600_000
const KEEP_HOURS = 168
const PREFIX = 'analytics:'

function empty(): Counters {
  return { calls: 0, errors: 0, timeouts: 0, lastUsed: 0, latency: emptyCounts() }
}

function merge(into: Counters, from: Counters): void {
  into.calls += from.calls
  into.errors += from.errors
  into.timeouts += from.timeouts
  into.lastUsed = Math.max(into.lastUsed, from.lastUsed)
  addCounts(into.latency, from.latency)
  if (from.plugin) into.plugin = from.plugin
}

function line(name: string, c: Counters): UsageLine {
  return {
    name,
    ...(c.plugin ? { plugin: c.plugin } : {}),
    calls: c.calls,
    errors: c.errors,
    timeouts: c.timeouts,
    p50Ms: quantile(c.latency, 0.5),
    p99Ms: quantile(c.latency, 0.99),
    lastUsed: c.lastUsed ? new Date(c.lastUsed).toISOString() : null,
  }
}

/**
 * Usage analytics that last (`bot.analytics`): per plugin and per command, calls, errors, timeouts,
 * latency (p50/p99 from bucketed samples) and last use, kept in core's storage in hourly buckets for
 * 7 days, so they survive reloads and restarts (on SQLite or Redis). Commands are counted from
 * `command.executed`; plugins from their live counters, by difference, when flushed (every minute
 * while the bot runs, and when it stops).
 */
export class UsageAnalytics {
  readonly #storage: () => PluginStorage
  readonly #clock: Clock
  readonly #plugins: () => ReadonlyMap<string, PluginStats>
  readonly #seen = new Map<string, { calls: number; errors: number; timeouts: number; latency: number[] }>()
  #pending: HourBucket = { plugins: {}, commands: {} }
  #timer: ReturnType<typeof setInterval> | undefined

  /** @internal The runtime creates it. */
  constructor(
    events: EventManager,
    storage: () => PluginStorage,
    clock: Clock,
    plugins: () => ReadonlyMap<string, PluginStats>,
  ) {
    this.#storage = storage
    this.#clock = clock
    this.#plugins = plugins
    events.on('command.executed', (e) => {
      const c = this.#pending.commands[e.command] ?? { ...empty(), plugin: e.plugin }
      this.#pending.commands[e.command] = c
      c.calls += 1
      if (!e.ok && e.error?.code === 'HOOK_TIMEOUT') c.timeouts += 1
      else if (!e.ok && e.error?.code === 'HOOK_FAILED') c.errors += 1
      c.lastUsed = this.#clock.now()
      addCounts(c.latency, bucketed(e.durationMs))
    })
  }

  /** @internal Flushes every minute while the bot runs (`onError` hears a failed flush). */
  start(onError: (error: unknown) => void): void {
    this.#timer ??= setInterval(() => void this.flush().catch(onError), 60_000)
    this.#timer.unref?.()
  }

  /** @internal Stops the minute flushes and flushes once more (before storage closes). */
  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.flush()
  }

  /** Writes what was counted since the last flush into the current hour's bucket. */
  async flush(): Promise<void> {
    const now = this.#clock.now()
    const pending = this.#pending
    this.#pending = { plugins: {}, commands: {} }
    for (const [name, stats] of this.#plugins()) {
      const last = this.#seen.get(name) ?? { calls: 0, errors: 0, timeouts: 0, latency: emptyCounts() }
      // A reload resets a plugin's counters: count from zero then.
      const reset = stats.calls < last.calls
      const delta = (value: number, before: number) => (reset ? value : value - before)
      const c: Counters = {
        calls: delta(stats.calls, last.calls),
        errors: delta(stats.errors, last.errors),
        timeouts: delta(stats.timeouts, last.timeouts),
        lastUsed: stats.lastUsed,
        latency: stats.buckets.map((n, i) => n - (last.latency[i] ?? 0)),
      }
      this.#seen.set(name, {
        calls: stats.calls,
        errors: stats.errors,
        timeouts: stats.timeouts,
        latency: [...stats.buckets],
      })
      if (c.calls > 0 || c.errors > 0 || c.timeouts > 0) pending.plugins[name] = c
    }
    if (Object.keys(pending.plugins).length === 0 && Object.keys(pending.commands).length === 0) return
    const hour = new Date(Math.floor(now / HOUR) * HOUR).toISOString().slice(0, 13)
    await this.#storage().update<HourBucket>(
      `${PREFIX}${hour}`,
      (current) => {
        const next: HourBucket = structuredClone(current ?? { plugins: {}, commands: {} })
        for (const [name, c] of Object.entries(pending.plugins)) merge(slot(next.plugins, name), c)
        for (const [name, c] of Object.entries(pending.commands)) merge(slot(next.commands, name), c)
        return next
      },
      { ttl: (KEEP_HOURS + 1) * HOUR },
    )
  }

  /** Usage over the last `hours` (default and at most 168, 7 days), after a flush. */
  async report(hours = KEEP_HOURS): Promise<UsageReport> {
    await this.flush()
    const span = Math.min(Math.max(1, Math.floor(hours)), KEEP_HOURS)
    const since = new Date(Math.floor(this.#clock.now() / HOUR) * HOUR - (span - 1) * HOUR)
      .toISOString()
      .slice(0, 13)
    const plugins = new Map<string, Counters>()
    const commands = new Map<string, Counters>()
    for (const [key, bucket] of await this.#storage().list<HourBucket>(PREFIX)) {
      if (key.slice(PREFIX.length) < since) continue
      for (const [name, c] of Object.entries(bucket.plugins))
        merge(plugins.get(name) ?? set(plugins, name), c)
      for (const [name, c] of Object.entries(bucket.commands))
        merge(commands.get(name) ?? set(commands, name), c)
    }
    const byCalls = (m: Map<string, Counters>) =>
      [...m]
        .map(([name, c]) => line(name, c))
        .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name))
    const pluginLines = byCalls(plugins)
    const commandLines = byCalls(commands)
    const failures = (l: UsageLine) => l.errors + l.timeouts
    return {
      hours: span,
      plugins: pluginLines,
      commands: commandLines,
      mostUsed: commandLines.slice(0, 5),
      mostFailing: [...commandLines, ...pluginLines]
        .filter((l) => failures(l) > 0)
        .sort((a, b) => failures(b) - failures(a) || failures(b) / b.calls - failures(a) / a.calls)
        .slice(0, 5),
    }
  }
}

function slot(table: Record<string, Counters>, name: string): Counters {
  const found = table[name] ?? empty()
  table[name] = found
  return found
}

function set(map: Map<string, Counters>, name: string): Counters {
  const c = empty()
  map.set(name, c)
  return c
}

function bucketed(ms: number): number[] {
  const counts = emptyCounts()
  counts[bucketOf(ms)] = 1
  return counts
}
