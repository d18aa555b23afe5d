import { BanterError, formatPath, isSecretKey } from '@banter/core'

/** One problem in a configuration file. */
export interface ConfigProblem {
  /** The file. */
  readonly file: string
  /** 1-based line, when known. */
  readonly line?: number
  /** 1-based column, when known. */
  readonly column?: number
  /** Path inside the file, e.g. `['plugins', 'timestamp', 'timeZone']`. */
  readonly path: readonly PropertyKey[]
  /** What is wrong (never a secret value). */
  readonly message: string
  /** What to do. */
  readonly hint: string
}

/** Formats a path as `plugins.timestamp.timeZone` (or `(top level)`). */
export function pathText(path: readonly PropertyKey[]): string {
  const text = formatPath('', path).replace(/^\./, '')
  return text === '' ? '(top level)' : text
}

/** One line per problem: `file:line:col path: message`, then the hint. */
export function formatProblem(problem: ConfigProblem): string {
  const where =
    problem.line === undefined
      ? problem.file
      : `${problem.file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`
  return `${where} ${pathText(problem.path)}: ${problem.message}\n  → ${problem.hint}`
}

/** Masks quoted values in a message when the path names a secret. */
export function safeMessage(path: readonly PropertyKey[], message: string): string {
  return path.some(isSecretKey) ? message.replace(/"[^"]*"/g, '"***"') : message
}

/** Thrown when a configuration has problems; `problems` lists each with its place. */
export class ConfigError extends BanterError {
  /** Every problem found. */
  readonly problems: readonly ConfigProblem[]

  constructor(problems: readonly ConfigProblem[]) {
    super('CONFIG_INVALID', problems.map(formatProblem).join('\n'), {
      hint: 'Fix the lines above, then run `banter config check` again.',
      details: { count: problems.length },
    })
    this.problems = problems
  }
}
