import { fileURLToPath } from 'node:url'
import { integration } from '@banter/test-servers'
import { describe, expect, it } from 'vitest'
import { judgeGrowth, runSoak, type SoakSample, slope } from '../src/index.js'

// The CI version of `npm run soak` (issue 16): 25 seconds of traffic, only under CI=true or SOAK=1.
const SOAK = process.env.CI === 'true' || process.env.SOAK === '1'
const RESULT = fileURLToPath(new URL('../../../bench/results/soak-ci.json', import.meta.url))

function samples(heap: (t: number) => number, handles = () => 40, fds = () => 30): SoakSample[] {
  return Array.from({ length: 30 }, (_, t) => ({
    t,
    heapUsed: heap(t),
    rss: 0,
    handles: handles(),
    fds: fds(),
    messages: t * 100,
  }))
}

describe('soak verdict', () => {
  it('slope is the least-squares slope', () => {
    expect(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2)
    expect(slope([[0, 7]])).toBe(0)
  })

  it('flags a heap that keeps growing in the second half, not one that grew while warming up', () => {
    const leak = judgeGrowth(samples((t) => 50e6 + t * 200_000))
    expect(leak.find((g) => g.metric === 'heapUsed')?.ok).toBe(false)
    const warmup = judgeGrowth(samples((t) => (t < 15 ? 40e6 + t * 1e6 : 55e6 + (t % 2) * 30_000)))
    expect(warmup.every((g) => g.ok)).toBe(true)
  })

  it('flags handles or open files that keep growing', () => {
    let n = 0
    const verdict = judgeGrowth(
      samples(
        () => 50e6,
        () => 40 + n++,
      ),
    )
    expect(verdict.find((g) => g.metric === 'handles')?.ok).toBe(false)
    expect(verdict.find((g) => g.metric === 'fds')?.ok).toBe(true)
  })
})

describe.runIf(SOAK && integration('redis-server', 'soak'))('soak (CI version, 25 s)', () => {
  it('steady traffic through every official plugin on Redis: heap, handles and open files stay flat', async () => {
    const result = await runSoak({ durationMs: 25_000, sampleMs: 1_000, rate: 200, resultFile: RESULT })
    expect(result.failures).toEqual([])
    expect(result.ok).toBe(true)
    // Traffic really flowed through the plugins: workflow runs on bullmq, antivirus deletions.
    expect(result.summary?.messages).toBeGreaterThan(1_000)
    expect(result.summary?.workflowRuns.completed).toBeGreaterThan(100)
    expect(result.summary?.adapter.deleted).toBeGreaterThan(0)
  }, 120_000)
})
