import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createTestBot } from '@banter/core/testing'
import { WorkflowPlugin, type WorkflowService } from '@banter/plugin-workflow'
import { onPath, startRedisServer } from '@banter/test-servers'
import { Queue, Worker } from 'bullmq'
import { row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const CONCURRENCY = [1, 10] as const

/** Adds `count` things, `inFlight` at a time. */
async function addAll(count: number, inFlight: number, add: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await add(next++)
    }),
  )
}

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer)
        resolve()
      }
    }, 2)
  })
}

/** Runs/s through the plugin: start `count` runs and wait until all completed. */
async function pluginRound(url: string, concurrency: number, count: number): Promise<number> {
  const bot = await createTestBot({
    clock: 'real',
    logLevel: 'error',
    plugins: [
      [
        WorkflowPlugin,
        {
          driver: 'bullmq',
          redisUrl: url,
          queue: `p${randomBytes(5).toString('hex')}`,
          concurrency,
          board: false,
          workflows: [
            {
              id: 'noop',
              mode: 'parallel',
              concurrency: 1000,
              max: 100_000,
              trigger: { manual: true },
              steps: [{ type: 'set', vars: { done: true } }],
            },
          ],
        },
      ],
    ],
  })
  try {
    const workflows = bot.bot.services.tryGet('workflows') as WorkflowService
    let completed = 0
    bot.events.on('workflow.completed', () => {
      completed += 1
    })
    const started = performance.now()
    await addAll(count, 100, () => workflows.start('noop'))
    await until(() => completed >= count)
    return count / ((performance.now() - started) / 1000)
  } finally {
    await bot.stop()
  }
}

/** Jobs/s through raw BullMQ: add `count` jobs and wait until all completed. */
async function rawRound(url: string, concurrency: number, count: number): Promise<number> {
  const name = `b${randomBytes(5).toString('hex')}`
  const queue = new Queue(name, { connection: { url }, prefix: 'banter' })
  const worker = new Worker(name, async () => undefined, {
    connection: { url, maxRetriesPerRequest: null },
    prefix: 'banter',
    concurrency,
    removeOnComplete: { count: 1000 },
  })
  try {
    await worker.waitUntilReady()
    let completed = 0
    worker.on('completed', () => {
      completed += 1
    })
    const started = performance.now()
    await addAll(count, 100, (i) => queue.add('noop', { i }, { removeOnComplete: { count: 1000 } }))
    await until(() => completed >= count)
    return count / ((performance.now() - started) / 1000)
  } finally {
    await worker.close()
    await queue.close()
  }
}

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
    const count = options.quick ? 200 : 2000
    const rounds = options.quick ? Math.min(options.rounds, 2) : options.rounds
    const redis = await startRedisServer()
    const rows: BenchRow[] = []
    const ratios: BenchRatio[] = []
    try {
      for (const concurrency of CONCURRENCY) {
        const plugin: number[] = []
        const raw: number[] = []
        for (let round = 0; round < rounds; round++) {
          // Alternate which side goes first so warm-up and Redis state favour neither.
          if (round % 2 === 0) {
            raw.push(await rawRound(redis.url, concurrency, count))
            plugin.push(await pluginRound(redis.url, concurrency, count))
          } else {
            plugin.push(await pluginRound(redis.url, concurrency, count))
            raw.push(await rawRound(redis.url, concurrency, count))
          }
        }
        const ours = row(`banter workflow run (1 step), concurrency ${concurrency}`, 'runs/s', plugin)
        const theirs = row(`raw BullMQ job (no-op), concurrency ${concurrency}`, 'jobs/s', raw)
        rows.push(ours, theirs)
        ratios.push({
          name: `banter workflow / raw BullMQ, concurrency ${concurrency}`,
          value: ours.median / theirs.median,
          description: 'share of raw BullMQ throughput a workflow run keeps (1 = no overhead)',
        })
      }
    } finally {
      await redis.stop()
    }
    return {
      suite: 'workflow',
      rows,
      ratios,
      notes: [
        `${count} runs/jobs per round, added 100 at a time; one process, one redis-server (--hz 100, no persistence)`,
        'a workflow run is one BullMQ job plus its run record, slot scripts and events',
      ],
    }
  },
}

export default suite
