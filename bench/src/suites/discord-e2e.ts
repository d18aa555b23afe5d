import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DiscordChildResult, DiscordChildSpec } from '../discord/child.js'
import { runChild } from '../harness/child-process.js'
import { Failures } from '../harness/failures.js'
import { RoundTable } from '../harness/rounds.js'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const CHILD = new URL('../discord/child.ts', import.meta.url)
const DISCORD_SRC = new URL('../../../packages/discord/src/', import.meta.url)

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

/**
 * Discord end to end: the fake Discord injects `!ping`; time until the reply's POST reaches it,
 * through Banter (Discord adapter, timestamp plugin, built-in `!ping`) vs a bare discord.js
 * `messageCreate` handler replying on an identical fake, messages alternating between the two in one
 * fresh process per round.
 */
const suite: BenchSuite = {
  name: 'discord-e2e',
  description:
    'MESSAGE_CREATE to the reply POST on the fake Discord: Banter + timestamp vs a bare discord.js handler',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    for (const file of ['index.ts', 'testing/index.ts']) {
      if (!existsSync(fileURLToPath(new URL(file, DISCORD_SRC)))) {
        return {
          suite: 'discord-e2e',
          rows: [],
          ratios: [],
          notes: [`@banter/discord is not ready: packages/discord/src/${file} is missing`],
        }
      }
    }
    const spec: DiscordChildSpec = options.quick
      ? { warmup: 10, messages: 50 }
      : { warmup: 30, messages: 200 }
    const table = new RoundTable()
    const failures = new Failures()
    for (let round = 0; round < options.rounds; round++) {
      try {
        const { banterMs, bareMs } = await runChild<DiscordChildResult>(CHILD, spec, { timeoutMs: 180_000 })
        for (const [kind, samples] of [
          ['banter', banterMs],
          ['bare', bareMs],
        ] as const) {
          table.set(`${kind}:p50`, round, percentile(samples, 0.5))
          table.set(`${kind}:p90`, round, percentile(samples, 0.9))
        }
        table.set('pair-ratio', round, median(banterMs.map((ms, i) => ms / (bareMs[i] ?? ms))))
      } catch (error) {
        failures.add(`round ${round + 1}`, error)
      }
    }
    const rows: BenchRow[] = []
    const add = (name: string, key: string) => {
      const values = table.values(key)
      if (values.length > 0) rows.push(row(name, 'ms', values))
    }
    add('banter (discord adapter + timestamp): MESSAGE_CREATE -> reply POST, p50', 'banter:p50')
    add('banter (discord adapter + timestamp): MESSAGE_CREATE -> reply POST, p90', 'banter:p90')
    add('bare discord.js messageCreate -> message.reply: p50', 'bare:p50')
    add('bare discord.js messageCreate -> message.reply: p90', 'bare:p90')
    const ratios: BenchRatio[] = []
    const pairs = table.values('pair-ratio')
    if (pairs.length > 0) {
      const value = median(pairs)
      ratios.push({
        name: 'banter / bare discord.js, median of paired messages',
        value,
        description: 'time ratio; 1.10 = Banter adds 10%',
      })
      ratios.push({
        name: 'target: Banter adds < 10%',
        value: 1.1 / value,
        description: '1.10 / measured ratio; >=1 meets the target',
      })
    }
    const p50 = table.ratios('banter:p50', 'bare:p50')
    if (p50.length > 0)
      ratios.push({
        name: 'banter p50 / bare discord.js p50',
        value: median(p50),
        description: 'time ratio; 1.10 = Banter adds 10%',
      })
    const p90 = table.ratios('banter:p90', 'bare:p90')
    if (p90.length > 0)
      ratios.push({
        name: 'banter p90 / bare discord.js p90',
        value: median(p90),
        description: 'time ratio; 1.10 = Banter adds 10%',
      })
    const perRound = `${spec.messages} timed !ping per client (${spec.warmup} warm-up)`
    return {
      suite: 'discord-e2e',
      rows,
      ratios,
      notes: [
        `per round: one fresh process with two fake Discords (Banter on one, bare discord.js on the other), ${perRound}, one message in flight, alternating between the two; rows are medians over rounds of each round's percentile`,
        'both sides run the real discord.js client (gateway JSON parse, REST POST through undici) against identical fakes; the bare handler is `message.reply("pong")`',
        ...failures.notes(),
      ],
    }
  },
}

export default suite
