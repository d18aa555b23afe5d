import { onPath, startRedisServer } from '@banter/test-servers'
import { runChild } from '../harness/child-process.js'
import { row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'
import type { WorkflowChildResult, WorkflowChildSpec } from '../workflow/child.js'

const CONCURRENCY = [1, 10] as const

const CHILD = new URL('../workflow/child.ts', import.meta.url)

const suite: BenchSuite = {
  name: 'workflow',
  description:
    'runs/s of a one-step no-op workflow through @banter/plugin-workflow vs raw BullMQ jobs, same Redis',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    if (!onPath('redis-server')) {
      return {
        suite: 'workflow',
        rows: [],
        ratios: [],
        notes: ['redis-server not on PATH: workflow rows skipped'],
      }
    }
    // Under 1000 per round, the workflow's slot count: no run waits for a slot.
    const count = options.quick ? 500 : 900
    const rounds = options.quick ? 4 : Math.max(6, options.rounds)
    const redis = await startRedisServer()
    const rows: BenchRow[] = []
    const ratios: BenchRatio[] = []
    try {
      const spec: WorkflowChildSpec = { url: redis.url, concurrency: CONCURRENCY, count, rounds }
      const measured = await runChild<WorkflowChildResult>(CHILD, spec, { timeoutMs: 600_000 })
      for (const [i, concurrency] of CONCURRENCY.entries()) {
        const { plugin, raw } = measured[i] ?? { plugin: [], raw: [] }
        const name = `concurrency ${concurrency}`
        const ours = row(
          `banter workflow run (1 step), ${name}`,
          'runs/s',
          plugin.map((r) => r.perSecond),
        )
        const theirs = row(
          `raw BullMQ job (no-op), ${name}`,
          'jobs/s',
          raw.map((r) => r.perSecond),
        )
        const ourCpu = row(
          `banter workflow run: CPU per run, ${name}`,
          'µs',
          plugin.map((r) => r.cpuUs),
        )
        const theirCpu = row(
          `raw BullMQ job: CPU per job, ${name}`,
          'µs',
          raw.map((r) => r.cpuUs),
        )
        rows.push(ours, theirs, ourCpu, theirCpu)
        ratios.push(
          {
            name: `banter workflow / raw BullMQ, ${name}`,
            value: ours.median / theirs.median,
            description: 'share of raw BullMQ throughput a workflow run keeps (1 = no overhead)',
          },
          {
            name: `raw BullMQ CPU / banter workflow CPU, ${name}`,
            value: theirCpu.median / ourCpu.median,
            description:
              'the same share counted in CPU (bot process + redis-server): steadier on a busy machine',
          },
        )
      }
    } finally {
      await redis.stop()
    }
    return {
      suite: 'workflow',
      rows,
      ratios,
      notes: [
        `${count} runs/jobs per round, added 100 at a time, after one unrecorded warm-up round of each; one child process bundled as the shipped code is (no tsx \`__name()\` wrappers on the plugin's closures), one redis-server (--hz 100, no persistence)`,
        'a raw job carries the payload of a run job ({ kind, runId, workflowId }); BullMQ names its id',
        "a workflow run is one BullMQ job plus two Lua scripts (its start: record, slot, recent list; its end: record, slot), sent in the same socket writes as BullMQ's own commands, and its events",
        'CPU per run is user + system time of the bench process and of redis-server over the round, divided by the runs',
      ],
    }
  },
}

export default suite
