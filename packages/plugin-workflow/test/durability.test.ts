import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { Queue } from 'bullmq'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { durableWorkflow } from './fixtures/durable-workflow.js'
import { stopBots, workflowBot } from './helpers/harness.js'
import { type Sink, startSink } from './helpers/sink.js'

const withRedis = integration('redis-server', 'workflow durability (SIGKILL, Redis restart, schedules)')
let redis: TestRedis
let sink: Sink
const children = new Set<ChildProcess>()

beforeAll(async () => {
  if (!withRedis) return
  redis = await startRedisServer()
  sink = await startSink()
})
afterEach(async () => {
  await stopBots()
  for (const child of children) child.kill('SIGKILL')
  children.clear()
})
afterAll(async () => {
  await sink?.close()
  await redis?.stop()
})

const script = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url))

function startWorker(queue: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=@banter/source', '--import', 'tsx', script], {
    env: { ...process.env, REDIS_URL: redis.url, QUEUE: queue, SINK_URL: sink.url, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child)
    })
  })
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

describe.skipIf(!withRedis)('workflow durability on BullMQ and a real redis-server', () => {
  it('resumes a run in a new worker after SIGKILL: done steps not repeated, the cut step once in effect', async () => {
    const queue = `d${randomBytes(5).toString('hex')}`
    // The bot only starts runs (workers: 0); worker processes run them.
    const producer = await workflowBot({
      driver: 'bullmq',
      redisUrl: redis.url,
      queue,
      workers: 0,
      board: false,
      bullmq: { lockDuration: 1000, stalledInterval: 500 },
      workflows: [durableWorkflow(sink.url)],
    })
    const held = sink.hold('/h2')
    const { runId } = await producer.workflows.start('durable', { n: 7 })
    const first = await startWorker(queue)
    const cut = await held
    await killed(first)
    sink.release('/h2')

    const midway = await producer.workflows.get(runId as string)
    expect(midway?.status).toBe('running')
    expect(Object.keys(midway?.steps ?? {})).toEqual(['a', 'h1', 'step3', 'b'])

    await startWorker(queue)
    const done = await producer.workflows.wait(runId as string, 30_000)
    expect(done.status).toBe('completed')

    const sends = sink.requests
      .filter((r) => r.path === '/send')
      .map((r) => (r.body as { content: string }).content)
    expect(sends).toEqual(['A 7', 'B 200', 'C 200'])
    expect(sink.requests.filter((r) => r.path === '/h1')).toHaveLength(1)
    const h2 = sink.requests.filter((r) => r.path === '/h2')
    expect(h2).toHaveLength(2)
    expect(h2[0]?.key).toBe(cut.key)
    expect(h2[1]?.key).toBe(cut.key)
    // Every effect once, keyed by the step's idempotency key.
    expect([...sink.effects.keys()].sort()).toEqual(
      [0, 1, 3, 4, 5].map((index) => `${runId}-${index}`).sort(),
    )
  }, 60_000)

  it('resumes a run that its own worker queued and ran from the record in hand, killed in its first step', async () => {
    const queue = `f${randomBytes(5).toString('hex')}`
    const held = sink.hold('/send')
    const first = await startWorker(queue, { START: '9' })
    const runId = await new Promise<string>((resolve) => {
      first.stdout?.on('data', (chunk: Buffer) => {
        const match = /run (\S+)/.exec(chunk.toString())
        if (match?.[1]) resolve(match[1])
      })
    })
    const cut = await held
    await killed(first)
    sink.release('/send')

    const observer = await workflowBot({
      driver: 'bullmq',
      redisUrl: redis.url,
      queue,
      workers: 0,
      board: false,
      bullmq: { lockDuration: 1000, stalledInterval: 500 },
      workflows: [durableWorkflow(sink.url)],
    })
    // The running save went out while the first step waited for the sink.
    const midway = await observer.workflows.get(runId)
    expect(midway?.status).toBe('running')
    expect(midway?.pc).toBe(0)

    await startWorker(queue)
    const done = await observer.workflows.wait(runId, 30_000)
    expect(done.status).toBe('completed')
    // The sink also holds the requests of the other tests: only this run's, by their keys.
    const ours = (key: string | undefined) => key?.startsWith(`${runId}-`) === true
    const sends = sink.requests.filter((r) => r.path === '/send' && ours(r.key))
    expect(sends.map((r) => (r.body as { content: string }).content)).toEqual([
      'A 9',
      'A 9',
      'B 200',
      'C 200',
    ])
    // The cut step ran again with the same key; every other effect once.
    expect(sends[1]?.key).toBe(cut.key)
    expect([...sink.effects.keys()].filter(ours).sort()).toEqual(
      [0, 1, 3, 4, 5].map((index) => `${runId}-${index}`).sort(),
    )
  }, 60_000)

  it('reconnects after Redis restarts mid-run and finishes the run', async () => {
    const queue = `r${randomBytes(5).toString('hex')}`
    const bot = await workflowBot({
      driver: 'bullmq',
      redisUrl: redis.url,
      queue,
      board: false,
      workflows: [
        {
          id: 'survive',
          trigger: { manual: true },
          steps: [
            { type: 'send', channel: 'c', text: 'one' },
            { type: 'delay', duration: '1500ms' },
            { type: 'send', channel: 'c', text: 'two' },
          ],
        },
      ],
    })
    const { runId } = await bot.workflows.start('survive')
    await bot.next('workflow.step', (e) => e.type === 'delay')
    await redis.shutdown()
    await new Promise((r) => setTimeout(r, 300))
    await redis.start()
    const end = await bot.finished(runId as string, 20_000)
    expect(end.name).toBe('workflow.completed')
    expect(bot.sent.map((m) => m.content)).toEqual(['one', 'two'])
  }, 40_000)

  it('keeps one job scheduler per workflow across restarts, and every tick starts one run', async () => {
    const queue = `s${randomBytes(5).toString('hex')}`
    const options = {
      driver: 'bullmq' as const,
      redisUrl: redis.url,
      queue,
      board: false,
      workflows: [
        { id: 'tick', trigger: { schedule: { every: '1s' } }, steps: [{ type: 'log', message: 'tick' }] },
      ],
    }
    const first = await workflowBot(options)
    const a = await first.next('workflow.completed', (e) => e.workflowId === 'tick', 5000)
    await first.stop()
    const second = await workflowBot(options)
    const b = await second.next('workflow.completed', (e) => e.workflowId === 'tick', 5000)
    const inspect = new Queue(queue, { connection: { url: redis.url }, prefix: 'banter' })
    try {
      const schedulers = await inspect.getJobSchedulers(0, -1)
      expect(schedulers.map((s) => s.key)).toEqual(['wf-tick'])
      const delayed = await inspect.getDelayed()
      expect(delayed.filter((j) => j.name === 'tick').length).toBeLessThanOrEqual(1)
    } finally {
      await inspect.close()
    }
    const runs = await Promise.all([a, b].map((e) => second.workflows.get(e.runId as string)))
    const ticks = runs.map((r) => (r?.trigger.payload as { tick?: string } | undefined)?.tick)
    expect(ticks[0]).not.toBe(ticks[1])
  }, 30_000)

  it('mounts the bull-board dashboard at /plugins/workflow/board for the admin token', async () => {
    const queue = `b${randomBytes(5).toString('hex')}`
    const bot = await workflowBot({ driver: 'bullmq', redisUrl: redis.url, queue, workflows: [] })
    const mount = bot.bot.http.list().find((r) => r.kind === 'mount')
    if (mount?.kind !== 'mount') throw new Error('no dashboard mount')
    expect(mount).toMatchObject({ plugin: 'workflow', path: '/board', auth: 'admin' })
    // Serve it the way the bot app does: the mount prefix stripped from the URL.
    const server = createServer((req, res) => {
      req.url = (req.url ?? '').slice('/plugins/workflow/board'.length) || '/'
      mount.handler(req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/plugins/workflow/board`
      const page = await fetch(`${base}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('/plugins/workflow/board')
      const api = (await (await fetch(`${base}/api/queues`)).json()) as { queues: { name: string }[] }
      expect(api.queues.map((q) => q.name)).toEqual([queue])
    } finally {
      server.close()
    }
  })
})
