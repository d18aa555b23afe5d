import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findBinary, startClamd } from '@banter/plugin-antivirus/testing'
import { startRedisServer } from '@banter/test-servers'
import { DEFAULT_GROWTH_LIMITS, type GrowthLimits, judgeGrowth, type MetricGrowth } from './growth.js'
import type { SoakSample } from './metrics.js'
import type { ChildReport, SoakChildSummary } from './protocol.js'

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** How long traffic flows (default 10 minutes). */
  readonly durationMs?: number
  /** Time between two samples (default: a 60th of the duration, at least 500 ms). */
  readonly sampleMs?: number
  /** Messages per second (default 300). */
  readonly rate?: number
  /** Messages in flight at most (default 64). */
  readonly concurrency?: number
  /** Whether to scan files with a real clamd too (default: when clamd is installed). */
  readonly clamd?: boolean
  /** Growth limits (default {@link DEFAULT_GROWTH_LIMITS}). */
  readonly limits?: GrowthLimits
  /** Where to write the result JSON (default `bench/results/soak.json`). */
  readonly resultFile?: string
}

/** The outcome of a soak run, as written to the result file. */
export interface SoakResult {
  readonly ok: boolean
  /** Why it failed, one line each. */
  readonly failures: readonly string[]
  readonly startedAt: string
  readonly machine: { readonly node: string; readonly cpus: number; readonly platform: string }
  readonly config: { durationMs: number; sampleMs: number; rate: number; concurrency: number; clamd: boolean }
  readonly growth: readonly MetricGrowth[]
  readonly summary: SoakChildSummary | undefined
  readonly samples: readonly SoakSample[]
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url))

/**
 * Runs the soak: starts a private Redis (and clamd when installed), runs the bot in a child process
 * with `--expose-gc` under steady traffic, samples heap after gc, active handles and open files, and
 * fails when one grows without bound (the slope of a linear regression over the second half above
 * its limit), when a message fails, a reply exceeds the platform limit, workflow runs are lost, or
 * the bot no longer answers `!ping`. Writes the result JSON and resolves to it.
 */
export async function runSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const durationMs = options.durationMs ?? 10 * 60_000
  const sampleMs = options.sampleMs ?? Math.max(500, Math.round(durationMs / 60))
  const rate = options.rate ?? 300
  const concurrency = options.concurrency ?? 64
  const useClamd = options.clamd ?? findBinary('clamd') !== undefined
  const startedAt = new Date().toISOString()
  const redis = await startRedisServer()
  const clamd = useClamd ? await startClamd() : undefined
  const samples: SoakSample[] = []
  let summary: SoakChildSummary | undefined
  const failures: string[] = []
  try {
    const config = {
      redisUrl: redis.url,
      clamdSocket: clamd?.socket,
      durationMs,
      sampleMs,
      rate,
      concurrency,
    }
    const child = fork(CHILD, [JSON.stringify(config)], {
      cwd: ROOT,
      execArgv: ['--expose-gc', '--import', 'tsx', '--conditions=@banter/source'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('message', (message: ChildReport) => {
      if (message.type === 'sample') samples.push(message.sample)
      else if (message.type === 'done') summary = message.summary
      else failures.push(`the bot process failed: ${message.error}`)
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    if (code !== 0) failures.push(`the bot process exited with code ${code}`)
  } finally {
    await clamd?.stop()
    await redis.stop()
  }
  const growth = judgeGrowth(samples, options.limits ?? DEFAULT_GROWTH_LIMITS)
  for (const g of growth) {
    if (!g.ok)
      failures.push(
        `${g.metric} grows without bound: ${g.slopePerSecond.toFixed(2)}/s over the second half (limit ${g.limitPerSecond}/s, ${g.from} -> ${g.to})`,
      )
  }
  if (summary) {
    if (summary.failedMessages > 0)
      failures.push(`${summary.failedMessages} messages failed: ${summary.errors.join('; ')}`)
    if ((summary.adapter.overLimit ?? 0) > 0)
      failures.push(`${summary.adapter.overLimit} replies exceeded 2000 characters`)
    const { started, completed, failed } = summary.workflowRuns
    if (completed + failed < started)
      failures.push(`workflow runs lost: ${started} started, ${completed + failed} ended`)
    if (failed > 0) failures.push(`${failed} workflow runs failed`)
    if (!summary.answersAfter) failures.push('the bot did not answer !ping after the run')
  } else if (failures.length === 0) failures.push('the bot process sent no summary')
  const result: SoakResult = {
    ok: failures.length === 0,
    failures,
    startedAt,
    machine: { node: process.version, cpus: cpus().length, platform: process.platform },
    config: { durationMs, sampleMs, rate, concurrency, clamd: useClamd },
    growth,
    summary,
    samples,
  }
  const file = options.resultFile ?? join(ROOT, 'bench/results/soak.json')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
  return result
}
