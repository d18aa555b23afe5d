import type { Bot, BotEvents } from '@banter/core'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { MetricLabels } from './metric-labels.js'
import type { PastEvent } from './past-events.js'

/**
 * Prometheus metrics of one bot (prom-client): messages in and out, per-plugin calls, errors,
 * timeouts and latency quantiles (read from the plugins' own stats when scraped), command durations,
 * and failures by plugin, hook and code. Label values that come from events are bounded (see
 * {@link MetricLabels}). (Node's default process metrics are not registered.) `past` are events counted
 * before the metrics existed (see {@link recordPastEvents}).
 */
export function createMetrics(bot: Bot, past: readonly PastEvent[] = []): Registry {
  const registry = new Registry()
  const plugins = () => bot.plugins.list()
  new Gauge({
    name: 'banter_messages_received_total',
    help: 'Inbound messages taken by the bot',
    registers: [registry],
    collect() {
      this.set(bot.counters.received)
    },
  })
  new Gauge({
    name: 'banter_messages_stopped_total',
    help: 'Inbound messages dropped by a plugin (STOP)',
    registers: [registry],
    collect() {
      this.set(bot.counters.stopped)
    },
  })
  new Gauge({
    name: 'banter_messages_sent_total',
    help: 'Outgoing messages and edits delivered by the adapter',
    registers: [registry],
    collect() {
      this.set(bot.counters.sent)
    },
  })
  const perPlugin = (
    name: string,
    help: string,
    pick: (p: ReturnType<typeof plugins>[number]) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['plugin'],
      registers: [registry],
      collect() {
        this.reset()
        for (const p of plugins()) {
          const value = pick(p)
          if (value !== null) this.set({ plugin: p.name }, value)
        }
      },
    })
  perPlugin('banter_plugin_calls_total', 'Calls into each plugin', (p) => p.stats.calls)
  perPlugin(
    'banter_plugin_errors_total',
    'Calls into each plugin that threw or rejected',
    (p) => p.stats.errors,
  )
  perPlugin(
    'banter_plugin_timeouts_total',
    'Calls into each plugin abandoned after their timeout',
    (p) => p.stats.timeouts,
  )
  perPlugin('banter_plugin_active', 'Whether each plugin is active (1) or not (0)', (p) =>
    p.status === 'active' ? 1 : 0,
  )
  new Gauge({
    name: 'banter_plugin_latency_seconds',
    help: 'Latency quantiles of calls into each plugin (sampled)',
    labelNames: ['plugin', 'quantile'],
    registers: [registry],
    collect() {
      this.reset()
      for (const p of plugins()) {
        if (p.stats.p50Ms !== null) this.set({ plugin: p.name, quantile: '0.5' }, p.stats.p50Ms / 1000)
        if (p.stats.p99Ms !== null) this.set({ plugin: p.name, quantile: '0.99' }, p.stats.p99Ms / 1000)
      }
    },
  })
  new Gauge({
    name: 'banter_usage_7d',
    help: 'Usage over the last 7 days, kept in storage across restarts (bot.analytics): calls, errors and timeouts per plugin and per command',
    labelNames: ['kind', 'name', 'stat'],
    registers: [registry],
    async collect() {
      this.reset()
      if (bot.status !== 'running') return
      const report = await bot.analytics.report().catch(() => undefined)
      // Only names the bot knows now: a label value per plugin or command ever seen would grow for ever.
      const lines = [
        ...(report?.plugins ?? [])
          .filter((l) => bot.plugins.get(l.name) || l.name === 'core')
          .map((l) => ['plugin', l] as const),
        ...(report?.commands ?? [])
          .filter((l) => bot.commands.find(l.name))
          .map((l) => ['command', l] as const),
      ]
      for (const [kind, l] of lines)
        for (const stat of ['calls', 'errors', 'timeouts'] as const)
          this.set({ kind, name: l.name, stat }, l[stat])
    },
  })
  const commands = new Histogram({
    name: 'banter_command_duration_seconds',
    help: 'Time to run each command, from parsing to the end of its handler',
    labelNames: ['command', 'plugin', 'ok'],
    buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30],
    registers: [registry],
  })
  const failures = new Counter({
    name: 'banter_plugin_failures_total',
    help: 'plugin.error events, by plugin, hook and error code (unknown values count as "other")',
    labelNames: ['plugin', 'hook', 'code'],
    registers: [registry],
  })
  // Events may be forged by any plugin: label values are capped to what the bot knows.
  const labels = new MetricLabels(bot)
  const command = (e: BotEvents['command.executed']) =>
    commands.observe({ ...labels.command(e), ok: String(e.ok === true) }, Number(e.durationMs) / 1000 || 0)
  const failure = (e: BotEvents['plugin.error']) => failures.inc(labels.failure(e))
  // Counted before the metrics existed: what happened while the bot started.
  for (const event of past) {
    if (event.name === 'command.executed') command(event.payload)
    else failure(event.payload)
  }
  bot.events.on('command.executed', command)
  bot.events.on('plugin.error', failure)
  return registry
}
