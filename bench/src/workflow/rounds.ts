import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createTestBot } from '@banter/core/testing'
import { WorkflowPlugin, type WorkflowService } from '@banter/plugin-workflow'
import { until } from '@banter/test-servers'
import { Queue, Worker } from 'bullmq'
import type { Redis } from 'ioredis'

// One round of the workflow suite on either side: runs through @banter/plugin-workflow, or raw
// BullMQ jobs, on a redis-server the parent started. Runs in a child process (see ./child.ts).

/** Adds `count` things, `inFlight` at a time. */
async function addAll(count: number, inFlight: number, add: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await add(next++)
    }),
  )
}

/** Throughput of one round and the CPU it took per run, in this process and in redis-server. */
export interface Round {
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
export async function pluginRound(
  url: string,
  info: Redis,
  concurrency: number,
  count: number,
): Promise<Round> {
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
      await until(() => completed >= count, `${count} completed runs`, 120_000, 2)
    })
  } finally {
    await bot.stop()
  }
}

/** Jobs/s through raw BullMQ: add `count` jobs and wait until all completed. */
export async function rawRound(url: string, info: Redis, concurrency: number, count: number): Promise<Round> {
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
      await until(() => completed >= count, `${count} completed jobs`, 120_000, 2)
    })
  } finally {
    await worker.close()
    await queue.close()
  }
}
