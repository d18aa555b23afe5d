/**
 * `npm run bench [-- --quick] [--only <suite>]`: runs every suite in `src/suites/` (each module that
 * default-exports a BenchSuite), prints a table per suite, and writes `results/latest.json` and
 * `results/latest.md`. A suite that fails to load, throws or times out becomes a note; the run goes on
 * and exits with code 1 at the end, as it does when a suite finished with some of its cases failed.
 */
import { fileURLToPath } from 'node:url'
import { isFailedNote } from './harness/failures.js'
import { parseRunArgs, type RunArgs, USAGE } from './runner/args.js'
import { discoverSuites } from './runner/discover.js'
import { machineLine, type SuiteOutcome, suiteText } from './runner/format.js'
import { describeMachine } from './runner/machine.js'
import { type RunRecord, updateReadme, writeResults } from './runner/write-results.js'
import type { BenchSuite, BenchSuiteResult } from './types.js'

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))
const README = fileURLToPath(new URL('../README.md', import.meta.url))

function emptyResult(name: string, note: string): BenchSuiteResult {
  return { suite: name, rows: [], ratios: [], notes: [note] }
}

function isResult(value: unknown): value is BenchSuiteResult {
  const r = value as Partial<BenchSuiteResult> | null
  return (
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(r.rows) &&
    Array.isArray(r.ratios) &&
    Array.isArray(r.notes)
  )
}

async function runSuite(file: string, suite: BenchSuite, args: RunArgs): Promise<SuiteOutcome> {
  const started = performance.now()
  const limitMs = (args.quick ? 10 : 40) * 60_000
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs)
  })
  const base = { file, name: suite.name, description: suite.description }
  try {
    const result = await Promise.race([suite.run({ quick: args.quick, rounds: args.rounds }), timeout])
    const durationMs = performance.now() - started
    if (result === 'timeout') {
      const note = `timed out after ${limitMs / 60_000} min; results dropped`
      return { ...base, status: 'timed out', durationMs, result: emptyResult(suite.name, note) }
    }
    if (!isResult(result)) {
      const note = 'returned something that is not a BenchSuiteResult'
      return { ...base, status: 'failed', durationMs, result: emptyResult(suite.name, note) }
    }
    return { ...base, status: 'ok', durationMs, result }
  } catch (error) {
    const note = `failed: ${(error as Error).message ?? String(error)}`
    return {
      ...base,
      status: 'failed',
      durationMs: performance.now() - started,
      result: emptyResult(suite.name, note),
    }
  } finally {
    clearTimeout(timer)
  }
}

async function main(): Promise<number> {
  let args: RunArgs
  try {
    args = parseRunArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  const machine = describeMachine()
  const mode = args.quick ? 'quick' : 'full'
  console.log(machineLine(machine, mode, args.rounds))
  const started = performance.now()
  const { found, ignored, unmatched } = await discoverSuites(args.only)
  for (const file of ignored) console.log(`(ignored ${file}: no BenchSuite default export)`)
  if (unmatched.length > 0) {
    console.error(`no suite named ${unmatched.join(', ')}`)
    return 2
  }
  const outcomes: SuiteOutcome[] = []
  for (const entry of found) {
    let outcome: SuiteOutcome
    if ('error' in entry) {
      const name = entry.file.replace(/\.ts$/, '')
      const note = `could not be loaded: ${entry.error.split('\n')[0]}`
      outcome = {
        file: entry.file,
        name,
        description: '',
        status: 'failed',
        durationMs: 0,
        result: emptyResult(name, note),
      }
    } else {
      console.log(`\nrunning ${entry.suite.name} ...`)
      outcome = await runSuite(entry.file, entry.suite, args)
    }
    outcomes.push(outcome)
    console.log(`\n${suiteText(outcome)}`)
  }
  const record: RunRecord = {
    machine,
    mode,
    rounds: args.rounds,
    durationMs: Math.round(performance.now() - started),
    suites: outcomes,
  }
  const written = await writeResults(args.out ?? RESULTS_DIR, record)
  console.log(`\nwrote ${written.join(' and ')} (${(record.durationMs / 1000).toFixed(0)} s)`)
  if (args.readme) {
    await updateReadme(README, record)
    console.log(`updated ${README}`)
  }
  const failed = outcomes.filter((o) => o.status !== 'ok')
  if (failed.length > 0) console.error(`suites that did not finish: ${failed.map((o) => o.name).join(', ')}`)
  // A suite that finished may still have cases that failed (a child that crashed in every round):
  // its table lacks their rows, so say so as loudly as a suite that did not finish.
  const partial = outcomes.filter((o) => o.status === 'ok' && o.result.notes.some(isFailedNote))
  if (partial.length > 0)
    console.error(
      `suites with failed cases (see their "failed (...)" notes): ${partial.map((o) => o.name).join(', ')}`,
    )
  return failed.length > 0 || partial.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
