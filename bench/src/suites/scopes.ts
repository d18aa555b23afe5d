import { createBot, createLogger, type ScopesConfig } from '@banter/core'
import { benchMessage, noopPlugins, nullStream } from '../dispatch/banter-cases.js'
import { MemoryAdapter } from '../dispatch/memory-adapter.js'
import { type Driver, throughput } from '../harness/measure.js'
import { RoundTable, shuffled } from '../harness/rounds.js'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchSuite, BenchSuiteResult } from '../types.js'

const PLUGINS = 10
const SCOPES = 100

type Variant = 'none' | 'elsewhere' | 'here'

/**
 * 100 scope rules over the 10 plugins: on other channels and guilds (`elsewhere`), or with some of
 * them on the bench message's own channel and guild (`here`, options overridden, so resolution
 * merges and validates once, then hits the cache).
 */
function scopes(variant: Variant): ScopesConfig {
  if (variant === 'none') return {}
  const message = benchMessage()
  const out: Record<string, { channels: Record<string, object>; guilds: Record<string, object> }> = {}
  for (let i = 0; i < SCOPES; i++) {
    const plugin = `noop-${i % PLUGINS}`
    const entry = out[plugin] ?? { channels: {}, guilds: {} }
    out[plugin] = entry
    const own = variant === 'here' && i < PLUGINS
    if (i % 2 === 0) entry.channels[own ? message.channelId : `c${i}`] = { enabled: true, options: {} }
    else entry.guilds[own ? (message.guildId as string) : `g${i}`] = { enabled: true }
  }
  return out
}

async function driver(variant: Variant): Promise<Driver> {
  const bot = createBot({
    adapter: new MemoryAdapter(),
    plugins: noopPlugins(PLUGINS, 'pipeline-sync'),
    logger: createLogger({ level: 'info', destination: nullStream() }),
    scopes: scopes(variant),
  })
  await bot.start()
  const message = benchMessage()
  return { kind: 'async', call: () => bot.receive(message), stop: () => bot.stop() }
}

const suite: BenchSuite = {
  name: 'scopes',
  description: 'bot.receive with 10 sync pipeline plugins: no scopes vs 100 scope rules (cached resolution)',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    const window = options.quick ? { warmMs: 100, measureMs: 300 } : { warmMs: 300, measureMs: 1000 }
    const table = new RoundTable()
    const variants: Variant[] = ['none', 'elsewhere', 'here']
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of shuffled(variants)) {
        const d = await driver(variant)
        try {
          table.set(variant, round, await throughput(d, window))
        } finally {
          await d.stop?.()
        }
      }
    }
    const label: Record<Variant, string> = {
      none: `bot.receive, ${PLUGINS} plugins, no scopes`,
      elsewhere: `bot.receive, ${PLUGINS} plugins, ${SCOPES} scopes on other channels and guilds`,
      here: `bot.receive, ${PLUGINS} plugins, ${SCOPES} scopes, some on this channel and guild`,
    }
    return {
      suite: 'scopes',
      rows: variants.map((v) => row(label[v], 'msg/s', table.values(v))),
      ratios: (['elsewhere', 'here'] as const).map((v) => ({
        name: `target: ${v} / none ≥ 0.9`,
        value: median(table.ratios(v, 'none')) / 0.9,
        description: '1 or more means the path with 100 scopes is within 10% of the path with none',
      })),
      notes: [
        'Scope resolution is cached per plugin, guild and channel; a plugin without scopes costs one Map.has per stage.',
      ],
    }
  },
}

export default suite
