/** One measured quantity of a suite, over several rounds. */
export interface BenchRow {
  /** What was measured, e.g. `banter bot.receive, 10 async plugins`. */
  readonly name: string
  /** Unit of the values: `msg/s`, `ms`, `MB/s`, `runs/s`, `KB`. */
  readonly unit: string
  /** Median over the rounds. */
  readonly median: number
  /** Spread over the rounds: (max - min) / median, as a fraction. */
  readonly spread: number
  /** Number of rounds. */
  readonly rounds: number
}

/** A comparison computed in the same run: `value` = ours / theirs (or as `description` says). */
export interface BenchRatio {
  /** Short name, e.g. `banter / tapable, 10 async`. */
  readonly name: string
  /** The ratio. */
  readonly value: number
  /** How to read it, e.g. `>1 means Banter is faster`. */
  readonly description: string
}

/** What one suite reports. */
export interface BenchSuiteResult {
  /** Suite name, e.g. `core-dispatch`, `openai-ttft`. */
  readonly suite: string
  /** Measurements. */
  readonly rows: readonly BenchRow[]
  /** Ratios computed from the rows. */
  readonly ratios: readonly BenchRatio[]
  /** Caveats, skipped parts (e.g. `clamd not on PATH: clamd rows skipped`). */
  readonly notes: readonly string[]
}

/** Options every suite receives. */
export interface BenchOptions {
  /** Quick mode for CI smoke: few rounds, small inputs. */
  readonly quick: boolean
  /** Rounds to run (median and spread are taken over them). */
  readonly rounds: number
}

/** A suite: one module in `bench/src/suites/` default-exports one. */
export interface BenchSuite {
  /** Suite name. */
  readonly name: string
  /** What it compares, one line. */
  readonly description: string
  /** Runs it. */
  run(options: BenchOptions): Promise<BenchSuiteResult>
}
