import { DISPATCH_CASES } from '../dispatch/cases.js'
import type { ChildSpec } from '../dispatch/child.js'
import { frameworkComparisons, TARGETS, throughputComparisons, tp } from '../dispatch/comparisons.js'
import { HEAP_APIS, type HeapApi, type HeapResult } from '../dispatch/heap.js'
import { runChild } from '../harness/child-process.js'
import { Failures } from '../harness/failures.js'
import type { Latency, Window } from '../harness/measure.js'
import { RoundTable, shuffled } from '../harness/rounds.js'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const CHILD = new URL('../dispatch/child.ts', import.meta.url)
const FRAMEWORK_N = 10
const LATENCY_CASES = [
  'banter-pipeline-sync',
  'banter-pipeline-async',
  'banter-listener-async',
  'banter-testkit',
  'koishi',
  'hubot',
]
const HEAP_LISTENERS = 10_000
const HEAP_PLUGINS = 200
/** Banter's own heap per plugin: `banter plugins` minus `bare plugin classes`, paired by round. */
const OWN_HEAP = 'heap:banter own per plugin'

type Job =
  | { readonly kind: 'throughput'; readonly caseId: string; readonly n: number }
  | { readonly kind: 'latency'; readonly caseId: string }
  | { readonly kind: 'heap'; readonly api: HeapApi }

function jobs(ns: readonly number[]): Job[] {
  const list: Job[] = []
  for (const c of DISPATCH_CASES) {
    if (c.shape === 'framework') list.push({ kind: 'throughput', caseId: c.id, n: FRAMEWORK_N })
    else for (const n of ns) list.push({ kind: 'throughput', caseId: c.id, n })
  }
  for (const caseId of LATENCY_CASES) list.push({ kind: 'latency', caseId })
  for (const api of HEAP_APIS) list.push({ kind: 'heap', api })
  return list
}

function label(caseId: string): string {
  return DISPATCH_CASES.find((c) => c.id === caseId)?.label ?? caseId
}

async function runJob(job: Job, round: number, table: RoundTable, windows: { tp: Window; lat: Window }) {
  if (job.kind === 'heap') {
    const perPlugin = job.api === 'banter plugins' || job.api === 'bare plugin classes'
    const count = perPlugin ? HEAP_PLUGINS : HEAP_LISTENERS
    const spec: ChildSpec = { mode: 'heap', api: job.api, count }
    const heap = await runChild<HeapResult>(CHILD, spec, {
      execArgv: ['--expose-gc', '--no-flush-bytecode', '--single-threaded'],
    })
    table.set(`heap:${job.api}`, round, heap.bytes / 1024)
    return heap.modifiesHandlers ? [job.api] : []
  }
  if (job.kind === 'latency') {
    const spec: ChildSpec = { mode: 'latency', case: job.caseId, n: FRAMEWORK_N, window: windows.lat }
    const result = await runChild<Latency>(CHILD, spec)
    table.set(`p50:${job.caseId}`, round, result.p50)
    table.set(`p99:${job.caseId}`, round, result.p99)
    return []
  }
  const spec: ChildSpec = { mode: 'throughput', case: job.caseId, n: job.n, window: windows.tp }
  const result = await runChild<{ msgsPerSecond: number }>(CHILD, spec)
  table.set(tp(job.caseId, job.n), round, result.msgsPerSecond)
  return []
}

function rowsOf(table: RoundTable, ns: readonly number[]): BenchRow[] {
  const rows: BenchRow[] = []
  const add = (name: string, unit: string, values: number[]) => {
    if (values.length > 0) rows.push(row(name, unit, values))
  }
  for (const c of DISPATCH_CASES) {
    const caseNs = c.shape === 'framework' ? [FRAMEWORK_N] : ns
    for (const n of caseNs) add(`${c.label}, N=${n}`, 'msg/s', table.values(tp(c.id, n)))
  }
  for (const caseId of LATENCY_CASES) {
    add(`p50 latency, ${label(caseId)}, N=${FRAMEWORK_N}`, 'µs', table.values(`p50:${caseId}`))
    add(`p99 latency, ${label(caseId)}, N=${FRAMEWORK_N}`, 'µs', table.values(`p99:${caseId}`))
  }
  for (const api of HEAP_APIS) {
    const name =
      api === 'banter plugins'
        ? 'heap per loaded no-op plugin, banter'
        : api === 'bare plugin classes'
          ? 'heap per no-op plugin class instantiated without banter (V8: hidden class, prototype info, slack)'
          : `heap per 1,000 listeners, ${api}`
    add(name, 'KB', table.values(`heap:${api}`))
  }
  add(
    "heap per loaded no-op plugin, banter's own (banter minus the bare class, same round)",
    'KB',
    table.values(OWN_HEAP),
  )
  return rows
}

function ratiosOf(table: RoundTable, ns: readonly number[]): { ratios: BenchRatio[]; missed: string[] } {
  const ratios: BenchRatio[] = []
  for (const n of ns) {
    for (const c of throughputComparisons(n, n === FRAMEWORK_N)) {
      const values = table.ratios(c.numerator, c.denominator)
      if (values.length > 0) ratios.push({ name: c.name, value: median(values), description: c.description })
    }
  }
  for (const c of frameworkComparisons(FRAMEWORK_N)) {
    const values = table.ratios(c.numerator, c.denominator)
    if (values.length > 0) ratios.push({ name: c.name, value: median(values), description: c.description })
  }
  const missed: string[] = []
  for (const t of TARGETS) {
    const values = table.values(t.key)
    if (values.length === 0) continue
    const measured = median(values)
    const value = t.kind === 'min' ? measured / t.value : t.value / measured
    ratios.push({ name: t.name, value, description: t.description })
    if (value < 1) missed.push(t.name.replace('target: ', ''))
  }
  return { ratios, missed }
}

/**
 * Core dispatch: messages per second through `bot.receive` with 1, 10 and 50 no-op plugins, beside
 * the plain-loop limit, node:events, emittery, hookable, tapable, Koishi and Hubot; latency and heap.
 * Every (case, N) runs in a fresh process per round, rounds in shuffled order.
 */
const suite: BenchSuite = {
  name: 'core-dispatch',
  description:
    'bot.receive with N no-op plugins vs a plain loop, node:events, emittery, hookable, tapable, Koishi and Hubot',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    const ns = [1, 10, 50]
    const windows = options.quick
      ? { tp: { warmMs: 100, measureMs: 200 }, lat: { warmMs: 100, measureMs: 300 } }
      : { tp: { warmMs: 300, measureMs: 700 }, lat: { warmMs: 300, measureMs: 1500 } }
    const table = new RoundTable()
    const notes = new Set<string>()
    const failures = new Failures()
    for (let round = 0; round < options.rounds; round++) {
      for (const job of shuffled(jobs(ns))) {
        const id =
          job.kind === 'throughput'
            ? `${job.caseId} N=${job.n}`
            : job.kind === 'heap'
              ? `heap ${job.api}`
              : `latency ${job.caseId}`
        try {
          for (const api of await runJob(job, round, table, windows))
            notes.add(
              `${api} changes the handler functions it is given (their own properties, e.g. a \`name\` getter)`,
            )
        } catch (error) {
          failures.add(`${id}, round ${round + 1}`, error)
        }
      }
    }
    for (const line of failures.notes()) notes.add(line)
    for (const [round, bytes] of table.differences('heap:banter plugins', 'heap:bare plugin classes'))
      table.set(OWN_HEAP, round, bytes)
    const { ratios, missed } = ratiosOf(table, ns)
    notes.add(
      missed.length === 0
        ? 'every issue-7 target is met'
        : `targets missed: ${missed.join('; ')} (bench/README.md, "Where Banter stands", says why)`,
    )
    notes.add(
      'each (case, N) runs in a fresh node process per round, compiled by esbuild without keepNames (as tsc ships it); async drivers await each message (one in flight)',
    )
    notes.add(
      `Koishi builds a Session per message and finishes on its "middleware" event; Hubot gets a new TextMessage per message; both with ${FRAMEWORK_N} no-op plugins`,
    )
    return { suite: 'core-dispatch', rows: rowsOf(table, ns), ratios, notes: [...notes] }
  },
}

export default suite
