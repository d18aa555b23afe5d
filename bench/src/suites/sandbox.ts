import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runChild } from '../harness/child-process.js'
import { Failures } from '../harness/failures.js'
import type { Window } from '../harness/measure.js'
import { RoundTable, shuffled } from '../harness/rounds.js'
import type { SandboxResult, SandboxSpec } from '../sandbox/child.js'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const CHILD = new URL('../sandbox/child.ts', import.meta.url)
const BUILT = ['packages/core/dist/index.js', 'packages/sandbox/dist/index.js'].map((p) =>
  fileURLToPath(new URL(`../../../${p}`, import.meta.url)),
)
const EXEC_ARGV = ['--no-node-snapshot']
const MODES = ['inline', 'worker', 'isolate'] as const
type Mode = (typeof MODES)[number]
type Target = Mode | 'raw'

const LABEL: Record<Target, string> = {
  inline: 'inline',
  worker: 'worker',
  isolate: 'isolate',
  raw: 'bare worker_threads echo (the floor)',
}

interface Job {
  readonly target: Target
  readonly n: number
}

function jobs(): Job[] {
  const list: Job[] = [{ target: 'raw', n: 1 }]
  for (const target of MODES) for (const n of [1, 10]) list.push({ target, n })
  return list
}

const tp = (target: Target, n: number, inflight: number) => `tp:${target}:${n}:${inflight}`
const lat = (target: Target, idle: boolean, q: 'p50' | 'p99') => `${q}:${target}:${idle ? 'idle' : 'warm'}`

async function runJob(
  job: Job,
  round: number,
  table: RoundTable,
  window: Window,
  samples: number,
): Promise<void> {
  const one = job.n === 1
  const spec: SandboxSpec = {
    isolation: job.target,
    n: job.n,
    inflight: one ? [1, 16, 64] : [1, 64],
    latency: one && job.target !== 'inline',
    window,
    samples,
  }
  const result = await runChild<SandboxResult>(CHILD, spec, {
    execArgv: EXEC_ARGV,
    workspace: 'dist',
    timeoutMs: 300_000,
  })
  for (const [inflight, value] of Object.entries(result.throughput))
    table.set(tp(job.target, job.n, Number(inflight)), round, value)
  for (const [name, l] of [
    ['warm', result.warm],
    ['idle', result.idle],
  ] as const) {
    if (!l) continue
    table.set(lat(job.target, name === 'idle', 'p50'), round, l.p50)
    table.set(lat(job.target, name === 'idle', 'p99'), round, l.p99)
  }
  if (job.n === 10 && job.target !== 'raw') {
    if (result.startMsPerPlugin !== undefined)
      table.set(`start:${job.target}`, round, result.startMsPerPlugin)
    if (result.rssMbPerPlugin !== undefined) table.set(`rss:${job.target}`, round, result.rssMbPerPlugin)
    if (result.heapMbPerGuest !== undefined) table.set(`heap:${job.target}`, round, result.heapMbPerGuest)
  }
}

function rowsOf(table: RoundTable): BenchRow[] {
  const rows: BenchRow[] = []
  const add = (name: string, unit: string, values: number[]) => {
    if (values.length > 0) rows.push(row(name, unit, values))
  }
  for (const n of [1, 10])
    for (const inflight of [1, 64])
      for (const mode of MODES)
        add(
          `bot.receive, ${n} no-op plugin${n > 1 ? 's' : ''} ${mode}, ${inflight} in flight`,
          'msg/s',
          table.values(tp(mode, n, inflight)),
        )
  for (const target of ['worker', 'isolate', 'raw'] as const) {
    for (const inflight of [1, 16, 64]) {
      if (target !== 'raw' && inflight !== 16) continue
      add(
        `${LABEL[target]}, one guest, ${inflight} in flight`,
        'msg/s',
        table.values(tp(target, 1, inflight)),
      )
    }
  }
  for (const target of ['worker', 'isolate', 'raw'] as const)
    for (const idle of [false, true])
      for (const q of ['p50', 'p99'] as const)
        add(
          `round trip ${q}, ${LABEL[target]}, ${idle ? 'from idle (20 ms apart)' : 'warm (back to back)'}`,
          'µs',
          table.values(lat(target, idle, q)),
        )
  for (const mode of MODES)
    add(`start-up per plugin (10 plugins), ${mode}`, 'ms', table.values(`start:${mode}`))
  for (const mode of MODES)
    add(`resident memory per plugin (10 plugins), ${mode}`, 'MB', table.values(`rss:${mode}`))
  for (const mode of ['worker', 'isolate'] as const)
    add(`V8 heap per guest, ${mode}`, 'MB', table.values(`heap:${mode}`))
  return rows
}

const TARGETS = [
  {
    name: 'target: worker round trip warm <= 40 µs',
    key: lat('worker', false, 'p50'),
    value: 40,
    kind: 'max',
  },
  {
    name: 'target: worker round trip from idle <= 150 µs',
    key: lat('worker', true, 'p50'),
    value: 150,
    kind: 'max',
  },
  {
    name: 'target: >= 40k msg/s per worker, 16 in flight',
    key: tp('worker', 1, 16),
    value: 40_000,
    kind: 'min',
  },
] as const

function ratiosOf(table: RoundTable): { ratios: BenchRatio[]; missed: string[] } {
  const ratios: BenchRatio[] = []
  const pair = (name: string, a: string, b: string, description: string) => {
    const values = table.ratios(a, b)
    if (values.length > 0) ratios.push({ name, value: median(values), description })
  }
  for (const mode of ['worker', 'isolate'] as const) {
    for (const n of [1, 10])
      for (const inflight of [1, 64])
        pair(
          `${mode} / inline, ${n} plugin${n > 1 ? 's' : ''}, ${inflight} in flight`,
          tp(mode, n, inflight),
          tp('inline', n, inflight),
          'share of inline throughput kept (1 = as fast as inline)',
        )
    pair(
      `${mode} / bare worker echo, 16 in flight`,
      tp(mode, 1, 16),
      tp('raw', 1, 16),
      'share of the bare worker_threads floor kept',
    )
    pair(
      `${mode} round trip / bare worker echo, warm`,
      lat(mode, false, 'p50'),
      lat('raw', false, 'p50'),
      'time ratio; 1.10 = the sandbox adds 10% to a bare round trip',
    )
    pair(
      `${mode} round trip / bare worker echo, from idle`,
      lat(mode, true, 'p50'),
      lat('raw', true, 'p50'),
      'time ratio; 1.10 = the sandbox adds 10% to a bare round trip',
    )
  }
  const missed: string[] = []
  for (const t of TARGETS) {
    const values = table.values(t.key)
    if (values.length === 0) continue
    const measured = median(values)
    const value = t.kind === 'min' ? measured / t.value : t.value / measured
    ratios.push({
      name: t.name,
      value,
      description: `${t.kind === 'min' ? 'measured / target' : 'target / measured'}; >=1 meets the target`,
    })
    if (value < 1) missed.push(t.name.replace('target: ', ''))
  }
  return { ratios, missed }
}

/**
 * Sandboxed plugins: messages per second through 1 and 10 no-op plugins inline, in workers and in
 * isolates (1 and 64 in flight), the round trip warm and from idle against a bare worker echo,
 * start-up and memory per guest. Packages run from their built `dist`, as they ship.
 */
const suite: BenchSuite = {
  name: 'sandbox',
  description:
    'no-op plugins inline, in worker threads and in V8 isolates: throughput, round trip, start-up, memory',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    const missing = BUILT.filter((file) => !existsSync(file))
    if (missing.length > 0) {
      return {
        suite: 'sandbox',
        rows: [],
        ratios: [],
        notes: [`not built (${missing.join(', ')} missing): run npm run build`],
      }
    }
    const window = options.quick ? { warmMs: 150, measureMs: 400 } : { warmMs: 400, measureMs: 1200 }
    const samples = options.quick ? 100 : 400
    const table = new RoundTable()
    const failures = new Failures()
    for (let round = 0; round < options.rounds; round++) {
      for (const job of shuffled(jobs())) {
        try {
          await runJob(job, round, table, window, samples)
        } catch (error) {
          failures.add(`${job.target} N=${job.n}, round ${round + 1}`, error)
        }
      }
    }
    const { ratios, missed } = ratiosOf(table)
    const notes = [
      missed.length === 0 ? 'every target met' : `targets missed: ${missed.join('; ')}`,
      'each setup (mode, N) in a fresh node --no-node-snapshot process per round, measured at each in-flight count, @banter/core and @banter/sandbox from their built dist; no-op plugins are plain .mjs files (onMessageReceived returning nothing), one guest per plugin',
      'a message crosses once per sandboxed plugin; N plugins in a sandbox mean N guests and N round trips per message (in parallel only across guests that are idle)',
      'the round trip is bot.receive through one sandboxed no-op plugin (core dispatch included); the floor is a bare worker answering a ~400 B object',
      ...failures.notes(),
    ]
    return { suite: 'sandbox', rows: rowsOf(table), ratios, notes }
  },
}

export default suite
