import { randomBytes } from 'node:crypto'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { stopBots, workflowBot } from './helpers/harness.js'
import { type Sink, startSink } from './helpers/sink.js'

const withRedis = integration('redis-server', 'Redis commands per workflow run')
let redis: TestRedis
let sink: Sink

beforeAll(async () => {
  sink = await startSink()
  if (withRedis) redis = await startRedisServer()
})
afterEach(async () => {
  await stopBots()
})
afterAll(async () => {
  await sink?.close()
  await redis?.stop()
})

const RUNS = 10
// No timer of BullMQ or of the plugin fires while the test counts.
const QUIET = { lockDuration: 600_000, stalledInterval: 600_000 }

/** Counts the commands clients send to Redis (commands run inside Lua scripts not counted). */
async function counter(url: string, ignore: Redis): Promise<{ commands: string[]; stop(): Promise<void> }> {
  const info = (await ignore.client('INFO')) as string
  const ignored = /(?:^| )addr=(\S+)/.exec(info)?.[1]
  const base = new Redis(url, { lazyConnect: true })
  const monitor = await base.monitor()
  const commands: string[] = []
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    // Scripts by the start of their SHA, so a failure says which ones ran.
    const [name, sha] = [String(args[0]).toLowerCase(), String(args[1]).slice(0, 6)]
    if (source !== 'lua' && source !== ignored) commands.push(name === 'evalsha' ? `${name}:${sha}` : name)
  })
  return {
    commands,
    stop: async () => {
      monitor.disconnect()
      base.disconnect()
    },
  }
}

/** Waits until BullMQ moved the job to completed (its own last command). */
async function completed(queue: Queue, jobId: string): Promise<void> {
  while ((await queue.getJobState(jobId)) !== 'completed') await new Promise((r) => setTimeout(r, 5))
}

describe.skipIf(!withRedis)('Redis commands per workflow run on a real redis-server', () => {
  it('a one-step run sends at most 2 commands more than a raw BullMQ job (its start and its final write)', async () => {
    const prefix = 'banter'
    // Raw BullMQ: one no-op job at a time.
    const rawName = `raw${randomBytes(4).toString('hex')}`
    const queue = new Queue(rawName, { connection: { url: redis.url }, prefix })
    const worker = new Worker(rawName, async () => undefined, {
      connection: { url: redis.url, maxRetriesPerRequest: null },
      prefix,
      ...QUIET,
    })
    const checkerClient = new Redis(redis.url)
    const checker = new Queue(rawName, { connection: checkerClient, prefix })
    let raw: string[]
    try {
      await worker.waitUntilReady()
      await queue.add('noop', {}, { jobId: 'warm' })
      await completed(checker, 'warm')
      const count = await counter(redis.url, checkerClient)
      for (let i = 0; i < RUNS; i++) {
        await queue.add('noop', { i }, { jobId: `j${i}` })
        await completed(checker, `j${i}`)
      }
      await count.stop()
      raw = count.commands
    } finally {
      await worker.close()
      await Promise.all([queue.close(), checker.close()])
      checkerClient.disconnect()
    }

    // The same through the plugin: a one-step workflow, one run at a time.
    const name = `wf${randomBytes(4).toString('hex')}`
    const bot = await workflowBot({
      driver: 'bullmq',
      redisUrl: redis.url,
      queue: name,
      board: false,
      concurrency: 1,
      reconcileEvery: '1h',
      bullmq: QUIET,
      workflows: [
        {
          id: 'one',
          mode: 'parallel',
          trigger: { manual: true },
          steps: [{ type: 'set', vars: { done: true } }],
        },
      ],
    })
    const jobsClient = new Redis(redis.url)
    const jobs = new Queue(name, { connection: jobsClient, prefix })
    let ours: string[]
    try {
      // A first run loads the scripts (and lets the worker's start-up checks finish).
      const warm = await bot.workflows.start('one')
      await bot.finished(warm.runId as string)
      await completed(jobs, warm.runId as string)
      const count = await counter(redis.url, jobsClient)
      for (let i = 0; i < RUNS; i++) {
        const { runId } = await bot.workflows.start('one')
        expect((await bot.finished(runId as string)).name).toBe('workflow.completed')
        await completed(jobs, runId as string)
      }
      await count.stop()
      ours = count.commands
    } finally {
      await jobs.close()
      jobsClient.disconnect()
    }
    // Two scripts per run on top of the job's own commands: one command more per run fails this
    // (the slack absorbs a blocking wait that wakes once more on one side or the other).
    expect(
      ours.length - raw.length,
      `per run ${ours.length / RUNS} commands (${ours.join(' ')}); per raw job ${raw.length / RUNS} (${raw.join(' ')})`,
    ).toBeLessThanOrEqual(2 * RUNS + RUNS / 2)
    // Nothing but scripts and BullMQ's own blocking wait: no plain reads or writes, no MULTI.
    expect(ours.filter((c) => !c.startsWith('evalsha') && c !== 'bzpopmin')).toEqual([])
  }, 60_000)

  it('a run whose first step waits for I/O is saved as running while that step waits', async () => {
    const bot = await workflowBot({
      driver: 'bullmq',
      redisUrl: redis.url,
      queue: `io${randomBytes(4).toString('hex')}`,
      board: false,
      http: { allowPrivate: ['127.0.0.1'] },
      workflows: [
        {
          id: 'slow',
          trigger: { manual: true },
          steps: [{ type: 'http', method: 'POST', url: `${sink.url}/slow`, body: { n: 1 } }],
        },
      ],
    })
    const held = sink.hold('/slow')
    const { runId } = await bot.workflows.start('slow')
    await held
    const midway = await bot.workflows.get(runId as string)
    expect(midway?.status).toBe('running')
    expect(midway?.startedAt).toBeTypeOf('number')
    sink.release('/slow')
    expect((await bot.finished(runId as string)).name).toBe('workflow.completed')
    expect((await bot.workflows.get(runId as string))?.status).toBe('completed')
  })
})
