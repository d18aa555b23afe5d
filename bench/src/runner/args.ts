import { parseArgs } from 'node:util'

/** What `npm run bench -- …` asked for. */
export interface RunArgs {
  /** CI smoke: few rounds, short windows. */
  readonly quick: boolean
  /** Suites to run (file name without `.ts`, or suite name); empty means all. */
  readonly only: readonly string[]
  /** Rounds per suite (default 3 quick, 5 full). */
  readonly rounds: number
  /** Where to write `latest.json` / `latest.md`. */
  readonly out: string | undefined
  /** Also copy the tables into bench/README.md (between its latest-results markers). */
  readonly readme: boolean
  /** Print usage and exit. */
  readonly help: boolean
}

/** Usage text. */
export const USAGE = `Usage: npm run bench -- [--quick] [--only <suite>[,<suite>...]] [--rounds <n>] [--out <dir>] [--readme]

  --quick         CI smoke: 3 rounds, short measuring windows
  --only <suite>  run only these suites (file name in src/suites or suite name); repeatable
  --rounds <n>    rounds per suite (default 3 with --quick, else 5)
  --out <dir>     write latest.json and latest.md there (default bench/results)
  --readme        also copy the tables into bench/README.md ("Latest results")`

/** Parses the command line; throws a readable error on a bad flag. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      out: { type: 'string' },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
  const quick = values.quick ?? false
  const rounds = values.rounds === undefined ? (quick ? 3 : 5) : Number(values.rounds)
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`--rounds must be a whole number of at least 1, got "${values.rounds}"`)
  }
  const only = (values.only ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
  return { quick, only, rounds, out: values.out, readme: values.readme ?? false, help: values.help ?? false }
}
