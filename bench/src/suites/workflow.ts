import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createTestBot } from '@banter/core/testing'
import { WorkflowPlugin, type WorkflowService } from '@banter/plugin-workflow'
import { onPath, startRedisServer } from '@banter/test-servers'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
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

/** Throughput of one round and the CPU it took per run, in this process and in redis-server. */
interface Round {
  readonly perSecond: number
  /** µs of CPU per run or job: this process plus redis-server (robust to other load on the machine). */
  readonly cpuUs: number
}

/** CPU time redis-server used so far, in µs. */
async function redisCpuUs(info: Redis): Promise<number> {
  const text = await info.info('cpu')
  const used = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(text)?.[1] ?? 0)
  return (used('used_cpu_user') + used('used_cpu_sys')) * 1e6
}

/** Times `body` (which handles `count` runs): throughput and CPU per run. */
async function measure(info: Redis, count: number, body: () => Promise<void>): Promise<Round> {
  const cpu = process.cpuUsage()
  const redisBefore = await redisCpuUs(info)
  const started = performance.now()
  await body()
  const seconds = (performance.now() - started) / 1000
  const own = process.cpuUsage(cpu)
  const redis = (await redisCpuUs(info)) - redisBefore
  return { perSecond: count / seconds, cpuUs: (own.user + own.system + redis) / count }
}

/** Runs/s through the plugin: start `count` runs and wait until all completed. */
async function pluginRound(url: string, info: Redis, concurrency: number, count: number): Promise<Round> {
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
    return await measure(info, count, async () => {
      await addAll(count, 100, () => workflows.start('noop'))
      await until(() => completed >= count)
    })
  } finally {
    await bot.stop()
  }
}

/** Jobs/s through raw BullMQ: add `count` jobs and wait until all completed. */
async function rawRound(url: string, info: Redis, concurrency: number, count: number): Promise<Round> {
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
    return await measure(info, count, async () => {
      // The same payload as a run's job ({ kind, runId, workflowId }, a 16-character id): BullMQ
      // stores, sends and parses as many bytes on both sides.
      await addAll(count, 100, (i) =>
        queue.add(
          'run',
          { kind: 'run', runId: `r${String(i).padStart(15, '0')}`, workflowId: 'noop' },
          { removeOnComplete: { count: 1000 } },
        ),
      )
      await until(() => completed >= count)
    })
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
    // Under 1000 per round, the workflow's slot count: no run waits for a slot.
    const count = options.quick ? 500 : 900
    const rounds = options.quick ? 4 : Math.max(6, options.rounds)
    const redis = await startRedisServer()
    const info = new Redis(redis.url)
    const rows: BenchRow[] = []
    const ratios: BenchRatio[] = []
    try {
      // One unrecorded round of each side first: the optimiser compiles both paths before anything
      // counts (the plugin runs more code, so a cold start would be charged mostly to it).
      await rawRound(redis.url, info, 10, count)
      await pluginRound(redis.url, info, 10, count)
      for (const concurrency of CONCURRENCY) {
        const plugin: Round[] = []
        const raw: Round[] = []
        for (let round = 0; round < rounds; round++) {
          // Alternate which side goes first so warm-up and Redis state favour neither.
          if (round % 2 === 0) {
            raw.push(await rawRound(redis.url, info, concurrency, count))
            plugin.push(await pluginRound(redis.url, info, concurrency, count))
          } else {
            plugin.push(await pluginRound(redis.url, info, concurrency, count))
            raw.push(await rawRound(redis.url, info, concurrency, count))
          }
        }
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
      info.disconnect()
      await redis.stop()
    }
    return {
      suite: 'workflow',
      rows,
      ratios,
      notes: [
        `${count} runs/jobs per round, added 100 at a time, after one unrecorded warm-up round of each; one process, one redis-server (--hz 100, no persistence)`,
        'a raw job carries the payload of a run job ({ kind, runId, workflowId }); BullMQ names its id',
        "a workflow run is one BullMQ job plus two Lua scripts (its start: record, slot, recent list; its end: record, slot), sent in the same socket writes as BullMQ's own commands, and its events",
        'CPU per run is user + system time of the bench process and of redis-server over the round, divided by the runs',
      ],
    }
  },
}

export default suite
