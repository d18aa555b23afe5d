import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { machineLine, type SuiteOutcome, suiteMarkdown } from './format.js'
import type { Machine } from './machine.js'

/** Everything one `npm run bench` produced (the shape of `latest.json`). */
export interface RunRecord {
  readonly machine: Machine
  readonly mode: 'quick' | 'full'
  readonly rounds: number
  readonly durationMs: number
  readonly suites: readonly SuiteOutcome[]
}

/** Markdown of a whole run. */
export function runMarkdown(record: RunRecord): string {
  return [
    '# Banter benchmarks: latest run',
    machineLine(record.machine, record.mode, record.rounds),
    'Medians over the rounds; spread = ±half the range over the median. Reproduce with `npm run bench' +
      (record.mode === 'quick' ? ' -- --quick`.' : '`.'),
    ...record.suites.map((s) => suiteMarkdown(s)),
  ].join('\n\n')
}

/** Writes `latest.json` and `latest.md` into `dir`. */
export async function writeResults(dir: string, record: RunRecord): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const json = join(dir, 'latest.json')
  const md = join(dir, 'latest.md')
  await writeFile(json, `${JSON.stringify(record, null, 2)}\n`)
  await writeFile(md, `${runMarkdown(record)}\n`)
  return [json, md]
}

const START = '<!-- latest-results:start -->'
const END = '<!-- latest-results:end -->'

/**
 * Replaces the part of the Markdown file at `path` between `<!-- latest-results:start -->` and
 * `<!-- latest-results:end -->` with this run's tables. Throws when the markers are missing.
 */
export async function updateReadme(path: string, record: RunRecord): Promise<void> {
  const text = await readFile(path, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start === -1 || end < start) throw new Error(`${path} has no ${START} ... ${END} section`)
  const body = runMarkdown(record)
    .replace(/^# .*\n\n/, '')
    .replace(/^## /gm, '### ')
  await writeFile(path, `${text.slice(0, start + START.length)}\n\n${body}\n\n${text.slice(end)}`)
}
