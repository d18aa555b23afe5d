import { AIProviderPlugin, type AIResult, type PluginManifest, z } from '@banter/core'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { WorkflowInput } from '../src/index.js'
import { bullmqDriver, type DriverCase, memoryDriver, stopBots, workflowBot } from './helpers/harness.js'
import { type Sink, startSink } from './helpers/sink.js'

// One engine suite, two drivers: everything below runs on the memory driver and on BullMQ with a
// real redis-server started on a free port.
const withRedis = integration('redis-server', 'workflow engine suite on the bullmq driver')
let redis: TestRedis | undefined
let sink: Sink

beforeAll(async () => {
  sink = await startSink()
  if (withRedis) redis = await startRedisServer()
})
afterAll(async () => {
  await sink?.close()
  await redis?.stop()
})
afterEach(async () => {
  await stopBots()
  sink.requests.length = 0
  sink.effects.clear()
  sink.script.clear()
})

const drivers: DriverCase[] = [memoryDriver, ...(withRedis ? [bullmqDriver(() => redis)] : [])]

class FakeAI extends AIProviderPlugin {
  static manifest = {
    name: 'fake-ai',
    version: '1.0.0',
    description: 'answers in capitals',
    permissions: [],
  } satisfies PluginManifest
  readonly prompts: string[] = []
  async generate(input: string | readonly unknown[]): Promise<AIResult> {
    this.prompts.push(String(input))
    return { text: `DIGEST: ${String(input).toUpperCase()}`, finishReason: 'stop', model: 'fake-1' }
  }
  async *stream(): AsyncIterable<string> {}
}

describe.each(drivers)('workflow engine on the $name driver', (driver) => {
  const bot = (workflows: WorkflowInput[], extra: Record<string, unknown> = {}, plugins: never[] = []) =>
    workflowBot(
      { ...driver.options(), http: { allowPrivate: ['127.0.0.1'] }, ...extra, workflows },
      plugins,
      {
        config: { access: { admin: { users: ['boss'] } } },
      },
    )

  it('runs a message-triggered workflow: pattern groups, templates, reply with the step key as nonce', async () => {
    const b = await bot([
      {
        id: 'greet',
        trigger: { event: 'message.received', pattern: '^hello (\\w+)', flags: 'i' },
        steps: [
          {
            type: 'reply',
            id: 'hi',
            text: 'Hi {{ trigger.match.groups[0] }}, said {{ trigger.message.author.name }}',
          },
        ],
      },
    ])
    await b.receive({ content: 'Hello world', author: { name: 'Ann' } })
    await b.receive({ content: 'goodbye' })
    const done = await b.next('workflow.completed')
    const reply = b.sent.find((m) => m.content.startsWith('Hi'))
    expect(reply?.content).toBe('Hi world, said Ann')
    expect(reply?.nonce).toBe(`${done.runId}-0`)
    expect(b.recorded.filter((e) => e.name === 'workflow.started')).toHaveLength(1)
    const step = b.recorded.find((e) => e.name === 'workflow.step')
    expect(step).toMatchObject({ step: 'hi', type: 'reply', ok: true, attempt: 1 })
  })

  it('runs set, if/else, log and outputs of earlier steps in order', async () => {
    const b = await bot([
      {
        id: 'branchy',
        trigger: { manual: true },
        vars: { count: 1 },
        steps: [
          { type: 'set', vars: { count: '{{ vars.count | plus: 2 }}', who: '{{ trigger.name }}' } },
          {
            type: 'if',
            id: 'big',
            condition: 'vars.count > 2',
            // biome-ignore lint/suspicious/noThenProperty: an if step's branch
            then: [{ type: 'log', id: 'said', message: 'big {{ vars.count }} for {{ vars.who }}' }],
            else: [{ type: 'log', message: 'small' }],
          },
          { type: 'send', channel: 'out', text: '{{ steps.said.message }} / {{ steps.big.branch }}' },
        ],
      },
    ])
    const started = await b.workflows.start('branchy', { name: 'Bo' })
    const end = await b.finished(started.runId as string)
    expect(end.name).toBe('workflow.completed')
    expect(b.sent.map((m) => m.content)).toEqual(['big 3 for Bo / then'])
    const run = await b.workflows.get(started.runId as string)
    expect(run).toMatchObject({ status: 'completed', vars: { count: '3', who: 'Bo' }, completed: 4 })
    expect(b.logs.some((l) => l.msg === 'big 3 for Bo')).toBe(true)
  })

  it('pauses durably on a delay step and resumes at the next step', async () => {
    const b = await bot([
      {
        id: 'later',
        trigger: { manual: true },
        steps: [
          { type: 'send', channel: 'c', text: 'before' },
          { type: 'delay', duration: '300ms' },
          { type: 'send', channel: 'c', text: 'after' },
        ],
      },
    ])
    const { runId } = await b.workflows.start('later')
    await b.next('workflow.step', (e) => e.type === 'delay')
    const paused = await b.workflows.get(runId as string)
    expect(paused?.status).toBe('delayed')
    expect(b.sent.map((m) => m.content)).toEqual(['before'])
    await b.finished(runId as string)
    expect(b.sent.map((m) => m.content)).toEqual(['before', 'after'])
  })

  it('retries a failing http step with exponential backoff and the same Idempotency-Key', async () => {
    sink.script.set('/flaky', [500, 503])
    const b = await bot([
      {
        id: 'ticket',
        trigger: { manual: true },
        steps: [
          {
            type: 'http',
            id: 'open',
            method: 'POST',
            url: `${sink.url}/flaky`,
            body: { title: 'from {{ trigger.user }}' },
            retry: { attempts: 4, backoff: '100ms' },
          },
          { type: 'send', channel: 'c', text: 'ticket {{ steps.open.status }} {{ steps.open.body.ok }}' },
        ],
      },
    ])
    const { runId } = await b.workflows.start('ticket', { user: 'Cy' })
    expect((await b.finished(runId as string)).name).toBe('workflow.completed')
    const attempts = sink.requests.filter((r) => r.path === '/flaky')
    expect(attempts).toHaveLength(3)
    expect(new Set(attempts.map((r) => r.key))).toEqual(new Set([`${runId}-0`]))
    expect(attempts[0]?.body).toEqual({ title: 'from Cy' })
    const retries = b.recorded.filter((e) => e.name === 'workflow.step' && e.willRetry)
    expect(retries.map((e) => e.retryInMs)).toEqual([100, 200])
    expect(b.sent.map((m) => m.content)).toEqual(['ticket 200 true'])
    expect(b.workflows.metrics().ticket).toMatchObject({ retries: 2, completed: 1 })
  })

  it('does not retry a 4xx answer and fails the run with the step named', async () => {
    sink.script.set('/gone', [404])
    const b = await bot([
      {
        id: 'lost',
        trigger: { manual: true },
        steps: [{ type: 'http', id: 'call', url: `${sink.url}/gone` }],
      },
    ])
    const { runId } = await b.workflows.start('lost')
    const end = await b.finished(runId as string)
    expect(end).toMatchObject({
      name: 'workflow.failed',
      step: 'call',
      error: { code: 'WORKFLOW_HTTP_STATUS' },
    })
    expect(sink.requests).toHaveLength(1)
  })

  it('refuses loopback and private addresses unless allow-listed, without retrying', async () => {
    const b = await workflowBot({
      ...driver.options(),
      workflows: [
        { id: 'ssrf', trigger: { manual: true }, steps: [{ type: 'http', url: `${sink.url}/secret` }] },
        {
          id: 'meta',
          trigger: { manual: true },
          steps: [{ type: 'http', url: 'http://169.254.169.254/latest' }],
        },
      ],
    })
    for (const id of ['ssrf', 'meta']) {
      const { runId } = await b.workflows.start(id)
      const end = await b.finished(runId as string)
      expect(end).toMatchObject({ name: 'workflow.failed', error: { code: 'WORKFLOW_HTTP_BLOCKED' } })
    }
    expect(sink.requests).toHaveLength(0)
    expect(b.recorded.filter((e) => e.name === 'workflow.step' && e.willRetry)).toHaveLength(0)
  })

  it('starts one run per idempotency key: the same message twice, the same key twice', async () => {
    const b = await bot([
      {
        id: 'once',
        mode: 'parallel',
        trigger: { event: 'message.received', pattern: 'ping-once' },
        steps: [{ type: 'send', channel: 'c', text: 'pong' }],
      },
    ])
    await b.receive({ id: 'same-id', content: 'ping-once' })
    await b.receive({ id: 'same-id', content: 'ping-once' })
    const first = await b.workflows.start('once', {}, { key: 'k1' })
    const second = await b.workflows.start('once', {}, { key: 'k1' })
    expect(second).toMatchObject({ status: 'duplicate', runId: first.runId })
    await b.finished(first.runId as string)
    await b.next('workflow.completed', (e) => e.runId !== first.runId)
    expect(b.recorded.filter((e) => e.name === 'workflow.started')).toHaveLength(2)
    expect(b.workflows.metrics().once?.duplicates).toBe(2)
  })

  it('mode single skips, queued runs in order, parallel caps, restart replaces', async () => {
    const slow = (
      id: string,
      mode: NonNullable<WorkflowInput['mode']>,
      extra: Partial<WorkflowInput> = {},
    ): WorkflowInput => ({
      id,
      mode,
      trigger: { manual: true },
      steps: [
        { type: 'send', channel: id, text: '{{ trigger.n }} start' },
        { type: 'delay', duration: '150ms' },
        { type: 'send', channel: id, text: '{{ trigger.n }} end' },
      ],
      ...extra,
    })
    const b = await bot([
      slow('one', 'single'),
      slow('line', 'queued'),
      slow('wide', 'parallel', { concurrency: 2, max: 1 }),
      slow('fresh', 'restart'),
    ])
    const s = b.workflows
    const single = [await s.start('one', { n: 1 }), await s.start('one', { n: 2 })]
    expect(single.map((r) => r.status)).toEqual(['started', 'skipped'])
    const line = [
      await s.start('line', { n: 1 }),
      await s.start('line', { n: 2 }),
      await s.start('line', { n: 3 }),
    ]
    expect(line.map((r) => r.status)).toEqual(['started', 'waiting', 'waiting'])
    const wide = [1, 2, 3, 4].map((n) => s.start('wide', { n }))
    expect((await Promise.all(wide)).map((r) => r.status)).toEqual([
      'started',
      'started',
      'waiting',
      'skipped',
    ])
    const first = await s.start('fresh', { n: 1 })
    await b.next('workflow.step', (e) => e.runId === first.runId && e.type === 'delay')
    const second = await s.start('fresh', { n: 2 })
    expect((await b.finished(first.runId as string)).name).toBe('workflow.cancelled')
    expect((await b.finished(second.runId as string)).name).toBe('workflow.completed')
    for (const r of line) await b.finished(r.runId as string)
    for (const r of await Promise.all(wide)) if (r.status !== 'skipped') await b.finished(r.runId as string)
    await b.finished(single[0]?.runId as string)
    const said = (channel: string) => b.sent.filter((m) => m.channelId === channel).map((m) => m.content)
    expect(said('one')).toEqual(['1 start', '1 end'])
    expect(said('line')).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end'])
    expect(said('wide').filter((t) => t.startsWith('3'))).toEqual(['3 start', '3 end'])
    expect(said('wide').indexOf('3 start')).toBeGreaterThan(
      Math.min(said('wide').indexOf('1 end'), said('wide').indexOf('2 end')),
    )
    expect(said('fresh')).toEqual(['1 start', '2 start', '2 end'])
  })

  it('cancels a delayed run from chat, and a running step through its abort signal', async () => {
    const b = await bot(
      [
        {
          id: 'nap',
          trigger: { manual: true },
          steps: [
            { type: 'delay', duration: '1h' },
            { type: 'send', channel: 'c', text: 'woke' },
          ],
        },
        { id: 'hang', trigger: { manual: true }, steps: [{ type: 'http', url: `${sink.url}/hang` }] },
      ],
      {},
      [],
    )
    const nap = await b.workflows.start('nap')
    await b.next('workflow.step', (e) => e.runId === nap.runId)
    const replies = await b.receive({ content: `!workflow cancel ${nap.runId}`, author: { id: 'boss' } })
    expect(replies.at(-1)?.content).toContain('Cancelling')
    expect((await b.finished(nap.runId as string)).name).toBe('workflow.cancelled')
    const held = sink.hold('/hang')
    const hang = await b.workflows.start('hang')
    await held
    expect(await b.workflows.cancel(hang.runId as string)).toBe(true)
    expect((await b.finished(hang.runId as string)).name).toBe('workflow.cancelled')
    sink.release('/hang')
    expect(b.sent.some((m) => m.content === 'woke')).toBe(false)
    expect((await b.workflows.get(hang.runId as string))?.status).toBe('cancelled')
  }, 20_000)

  it('fails a run that exceeds its timeout', async () => {
    const b = await bot([
      {
        id: 'slow',
        timeout: '300ms',
        trigger: { manual: true },
        steps: [{ type: 'http', url: `${sink.url}/slow` }],
      },
    ])
    void sink.hold('/slow')
    const { runId } = await b.workflows.start('slow')
    const end = await b.finished(runId as string)
    sink.release('/slow')
    expect(end).toMatchObject({ name: 'workflow.failed', error: { code: 'WORKFLOW_RUN_TIMEOUT' } })
  })

  it('asks the ai service, runs commands, and takes code-registered workflows and step types', async () => {
    const b = await bot(
      [
        {
          id: 'digest',
          trigger: { manual: true },
          steps: [
            { type: 'ai', id: 'sum', prompt: 'summarise {{ trigger.topic }}' },
            { type: 'command', id: 'p', line: 'ping', channel: 'ops' },
            { type: 'send', channel: 'ops', text: '{{ steps.sum.text }} ({{ steps.p.replies[0] }})' },
          ],
        },
      ],
      {},
      [FakeAI as never],
    )
    b.workflows.registerStepType({
      type: 'shout',
      description: 'upper-cases',
      schema: z.strictObject({ text: z.string() }),
      run: (config: { text: string }, step) => ({ output: step.render(config.text).toUpperCase() }),
    })
    const off = b.workflows.register({
      id: 'coded',
      trigger: { command: true },
      steps: [
        { type: 'shout', id: 'loud', text: 'hi {{ trigger.args }}' },
        { type: 'reply', text: '{{ steps.loud }}' },
      ],
    })
    const digest = await b.workflows.start('digest', { topic: 'cats' })
    await b.finished(digest.runId as string)
    expect(b.sent.map((m) => m.content)).toEqual(['pong', 'DIGEST: SUMMARISE CATS (pong)'])
    await b.receive('!run coded there')
    await b.next('workflow.completed', (e) => e.workflowId === 'coded')
    expect(b.sent.at(-1)?.content).toBe('HI THERE')
    off()
    expect(b.workflows.list().map((w) => w.id)).toEqual(['digest'])
  })

  it('lists workflows, shows a run, and is for the configured access levels only', async () => {
    const b = await workflowBot(
      {
        ...driver.options(),
        workflows: [{ id: 'w1', trigger: { manual: true }, steps: [{ type: 'log', message: 'x' }] }],
      },
      [],
      { config: { access: { admin: { users: ['boss'] } } } },
    )
    const denied = await b.receive({ content: '!workflow list', author: { id: 'nobody' } })
    expect(denied[0]?.content).toContain('is for admin only')
    const [list] = await b.receive({ content: '!workflow list', author: { id: 'boss' } })
    expect(list?.content).toContain('`w1` — manual, single (config)')
    const [started] = await b.receive({ content: '!workflow run w1', author: { id: 'boss' } })
    const runId = /`(r\w+)`/.exec(started?.content ?? '')?.[1] as string
    await b.finished(runId)
    const [status] = await b.receive({ content: `!workflow status ${runId}`, author: { id: 'boss' } })
    expect(status?.content).toContain(`Run \`${runId}\` of \`w1\`: **completed**`)
    const [overview] = await b.receive({ content: '!workflow status', author: { id: 'boss' } })
    expect(overview?.content).toContain(`\`${runId}\` w1: completed`)
  })

  it('starts webhook workflows for callers with the shared secret only', async () => {
    const secret = 'a-very-long-shared-secret'
    const b = await bot([
      {
        id: 'hook',
        trigger: { webhook: { secret } },
        steps: [{ type: 'send', channel: 'c', text: 'got {{ trigger.body.x }}' }],
      },
    ])
    const route = b.bot.http.list().find((r) => r.kind === 'route' && r.route.path === '/hooks/:id')
    if (route?.kind !== 'route') throw new Error('no webhook route')
    const call = (id: string, headers: Record<string, string>) =>
      route.route.handler({
        method: 'POST',
        path: `/hooks/${id}`,
        params: { id },
        query: {},
        headers,
        body: { x: 42 },
      })
    expect((await call('hook', { 'x-webhook-secret': 'wrong' })).status).toBe(401)
    expect((await call('nope', { 'x-webhook-secret': secret })).status).toBe(404)
    const ok = await call('hook', { authorization: `Bearer ${secret}`, 'idempotency-key': 'd1' })
    const again = await call('hook', { authorization: `Bearer ${secret}`, 'idempotency-key': 'd1' })
    expect(ok.status).toBe(202)
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } })
    await b.finished((ok.body as { runId: string }).runId)
    expect(b.sent.map((m) => m.content)).toEqual(['got 42'])
    expect(b.logText()).not.toContain(secret)
  })

  it('fires schedules through the queue and keeps one schedule per workflow', async () => {
    const b = await bot([
      {
        id: 'tick',
        trigger: { schedule: { every: '1s' } },
        steps: [{ type: 'log', message: 'tick {{ trigger.tick }}' }],
      },
    ])
    const first = await b.next('workflow.completed', (e) => e.workflowId === 'tick', 5000)
    const second = await b.next(
      'workflow.completed',
      (e) => e.workflowId === 'tick' && e.runId !== first.runId,
      5000,
    )
    expect(second.runId).not.toBe(first.runId)
    const runs = await Promise.all([first, second].map((e) => b.workflows.get(e.runId as string)))
    const ticks = runs.map((r) => (r?.trigger.payload as { tick?: string } | undefined)?.tick)
    expect(new Set(ticks).size).toBe(2)
  })

  it('closes gracefully: the running step finishes and is saved, the rest of the run goes back to the queue', async () => {
    const options = { ...driver.options(), http: { allowPrivate: ['127.0.0.1'] } }
    const workflows: WorkflowInput[] = [
      {
        id: 'long',
        trigger: { manual: true },
        steps: [
          { type: 'http', id: 'slow', url: `${sink.url}/slow` },
          { type: 'send', channel: 'c', text: 'after {{ steps.slow.status }}' },
        ],
      },
    ]
    const b = await workflowBot({ ...options, workflows })
    const held = sink.hold('/slow')
    const { runId } = await b.workflows.start('long')
    await held
    const stopping = b.stop()
    setTimeout(() => sink.release('/slow'), 200)
    await stopping
    expect(b.recorded.some((e) => e.name === 'workflow.failed')).toBe(false)
    if (driver.name === 'memory') {
      const saved = await b.workflows.get(runId as string)
      expect(saved).toMatchObject({ status: 'running', pc: 1, steps: { slow: { status: 200 } } })
    } else {
      const again = await workflowBot({ ...options, workflows })
      expect((await again.workflows.wait(runId as string, 10_000)).status).toBe('completed')
      expect(again.sent.map((m) => m.content)).toEqual(['after 200'])
      expect(sink.requests.filter((r) => r.path === '/slow')).toHaveLength(1)
    }
  })
})
