import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  DISCORD_SIDES,
  type DiscordChildResult,
  type DiscordChildSpec,
  type DiscordSide,
} from '../discord/child.js'
import { runChild } from '../harness/child-process.js'
import { Failures } from '../harness/failures.js'
import { RoundTable } from '../harness/rounds.js'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const CHILD = new URL('../discord/child.ts', import.meta.url)
const DISCORD_SRC = new URL('../../../packages/discord/src/', import.meta.url)

/** The target: Banter adds less than 5% to the same reply sent by a bare discord.js handler. */
const TARGET = 1.05

const SIDE_NAMES: Record<DiscordSide, string> = {
  banter: 'banter (discord adapter + timestamp plugin)',
  bareStamped: 'bare discord.js, same stamp (timestamp plugin code)',
  banterPlain: 'banter (discord adapter, no plugin)',
  bare: 'bare discord.js message.reply("pong")',
}

/** Ratios of paired messages (same iteration), ours / theirs. */
const PAIRS: readonly {
  readonly key: string
  readonly name: string
  readonly ours: DiscordSide
  readonly theirs: DiscordSide
  readonly target?: true
}[] = [
  {
    key: 'pair:stamped',
    name: 'like for like: banter + timestamp / bare discord.js + same stamp, paired',
    ours: 'banter',
    theirs: 'bareStamped',
    target: true,
  },
  {
    key: 'pair:plain',
    name: 'core only: banter, no plugin / bare discord.js, paired',
    ours: 'banterPlain',
    theirs: 'bare',
  },
  {
    key: 'pair:legacy',
    name: 'as before: banter + timestamp / bare discord.js without stamp, paired',
    ours: 'banter',
    theirs: 'bare',
  },
]

function range(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)}`
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

/**
 * Discord end to end: the fake Discord injects `!ping`; time until the reply's POST reaches it,
 * through Banter (Discord adapter, built-in `!ping`, with and without the timestamp plugin) vs bare
 * discord.js `messageCreate` handlers sending the same text on identical fakes, in one fresh process
 * per round (see `../discord/child.ts`). Ratios pair messages of the same iteration.
 */
const suite: BenchSuite = {
  name: 'discord-e2e',
  description:
    'MESSAGE_CREATE to the reply POST on the fake Discord: Banter vs bare discord.js handlers sending the same reply',
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
        const samples = await runChild<DiscordChildResult>(CHILD, spec, { timeoutMs: 180_000 })
        for (const side of DISCORD_SIDES) {
          table.set(`${side}:p50`, round, percentile(samples[side], 0.5))
          table.set(`${side}:p90`, round, percentile(samples[side], 0.9))
        }
        for (const pair of PAIRS) {
          const theirs = samples[pair.theirs]
          table.set(pair.key, round, median(samples[pair.ours].map((ms, i) => ms / (theirs[i] ?? ms))))
        }
      } catch (error) {
        failures.add(`round ${round + 1}`, error)
      }
    }
    const rows: BenchRow[] = []
    for (const side of DISCORD_SIDES) {
      for (const q of ['p50', 'p90'] as const) {
        const values = table.values(`${side}:${q}`)
        if (values.length > 0)
          rows.push(row(`${SIDE_NAMES[side]}: MESSAGE_CREATE -> reply POST, ${q}`, 'ms', values))
      }
    }
    const ratios: BenchRatio[] = []
    for (const pair of PAIRS) {
      const values = table.values(pair.key)
      if (values.length === 0) continue
      const value = median(values)
      ratios.push({
        name: pair.name,
        value,
        description: `time ratio, 1.05 = Banter adds 5%; rounds ${range(values)}`,
      })
      if (pair.target) {
        ratios.push({
          name: 'target: Banter adds < 5% (like for like)',
          value: TARGET / value,
          description: `${TARGET} / measured ratio; >=1 meets the target`,
        })
      }
    }
    const perRound = `${spec.messages} timed !ping per client (${spec.warmup} warm-up)`
    return {
      suite: 'discord-e2e',
      rows,
      ratios,
      notes: [
        `per round: one fresh process with four fake Discords, one client each, ${perRound}, one message in flight, the four in a new random order every iteration, ${'2 ms'} of idle after each reply so that its aftermath is not timed; rows are medians over rounds of each round's percentile`,
        'ratios: per round the median over iterations of (ours / theirs) for the same iteration, then the median over rounds (range over rounds in brackets)',
        "like for like: both sides send the same text; the bare stamped handler formats its stamp with the timestamp plugin's own code (date-fns, default format and time zone)",
        'all sides run the real discord.js client (gateway JSON parse, REST POST through undici) against identical fakes; the bare handler is `message.reply(text)`',
        ...failures.notes(),
      ],
    }
  },
}

export default suite
