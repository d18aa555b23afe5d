import type { BenchSuiteResult } from '../types.js'
import type { Machine } from './machine.js'

/** A number with 3 significant digits and a k/M suffix for large counts: `12.3M`, `845k`, `4.21`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1e9) return `${(value / 1e9).toPrecision(3)}G`
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`
  if (abs >= 1e4) return `${(value / 1e3).toPrecision(3)}k`
  if (abs >= 100) return value.toFixed(0)
  if (abs === 0) return '0'
  return value.toPrecision(3)
}

/** A ratio: `0.0123×`, `1.52×`, `845×`. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(3)}×`
}

/** Spread as a percentage of the median: `±12%`. */
export function formatSpread(spread: number): string {
  return `±${Math.round((spread * 100) / 2)}%`
}

/** What one suite produced in a run, or why it did not. */
export interface SuiteOutcome {
  readonly file: string
  readonly name: string
  readonly description: string
  readonly status: 'ok' | 'failed' | 'timed out'
  readonly durationMs: number
  readonly result: BenchSuiteResult
}

type Cell = string

function textTable(header: Cell[], rows: Cell[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: Cell[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function mdTable(header: Cell[], rows: Cell[][], rightAligned: ReadonlySet<number>): string {
  const escapeCell = (c: string) => c.replaceAll('|', '\\|')
  return [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `|${header.map((_, i) => (rightAligned.has(i) ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n')
}

function cells(outcome: SuiteOutcome) {
  const measured = outcome.result.rows.map((r) => [
    r.name,
    formatNumber(r.median),
    r.unit,
    formatSpread(r.spread),
    String(r.rounds),
  ])
  const ratios = outcome.result.ratios.map((r) => [r.name, formatRatio(r.value), r.description])
  return { measured, ratios }
}

const MEASURED = ['measurement', 'median', 'unit', 'spread', 'rounds']
const RATIOS = ['ratio', 'value', 'how to read it']

/** One suite as terminal text. */
export function suiteText(outcome: SuiteOutcome): string {
  const { measured, ratios } = cells(outcome)
  const parts = [
    `== ${outcome.name} (${outcome.status}, ${(outcome.durationMs / 1000).toFixed(1)} s): ${outcome.description}`,
  ]
  if (measured.length > 0) parts.push(textTable(MEASURED, measured, new Set([1, 3, 4])))
  if (ratios.length > 0) parts.push(textTable(RATIOS, ratios, new Set([1])))
  for (const note of outcome.result.notes) parts.push(`note: ${note}`)
  return parts.join('\n\n')
}

/** One suite as Markdown (for latest.md and the README). */
export function suiteMarkdown(outcome: SuiteOutcome, level = '##'): string {
  const { measured, ratios } = cells(outcome)
  const parts = [`${level} ${outcome.name}`, `${outcome.description} (${outcome.status})`]
  if (measured.length > 0) parts.push(mdTable(MEASURED, measured, new Set([1, 3, 4])))
  if (ratios.length > 0) parts.push(mdTable(RATIOS, ratios, new Set([1])))
  if (outcome.result.notes.length > 0) parts.push(outcome.result.notes.map((n) => `- ${n}`).join('\n'))
  return parts.join('\n\n')
}

/** The machine line. */
export function machineLine(machine: Machine, mode: string, rounds: number): string {
  return `${machine.date} · ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB · Node ${machine.node} · ${machine.platform} · load ${machine.loadAverage} · ${mode} mode, ${rounds} rounds${machine.commit ? ` · commit ${machine.commit}` : ''}`
}
