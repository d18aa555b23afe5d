import { BasePlugin, type BotEventName, type PluginContext, type PluginManifest, z } from '@banter/core'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord, WorkflowInput } from '../src/index.js'
import { bullmqDriver, type DriverCase, memoryDriver, stopBots, workflowBot } from './helpers/harness.js'

// Issue 11 (workflow templates, run records): every case runs on the memory driver and on BullMQ
// with a real redis-server started on a free port.
const withRedis = integration('redis-server', 'workflow limits on the bullmq driver')
let redis: TestRedis | undefined

beforeAll(async () => {
  if (withRedis) redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})
afterEach(stopBots)

const drivers: DriverCase[] = [memoryDriver, ...(withRedis ? [bullmqDriver(() => redis)] : [])]

/** `{% capture %}` doubling: ten characters become ten million. */
const DOUBLING = `{% assign a = "xxxxxxxxxx" %}${'{% capture a %}{{a}}{{a}}{% endcapture %}'.repeat(20)}{{ a | size }}`
const ITEMS = Array.from({ length: 2_000 }, (_, index) => index)

/** A plugin that gives workflows two step types: one with a huge output, one with a huge error. */
class HeavySteps extends BasePlugin {
  static manifest = {
    name: 'heavy-steps',
    version: '1.0.0',
    description: 'step types with oversized results',
    permissions: [],
    uses: ['workflows'],
  } satisfies PluginManifest

  override async initialize(ctx: PluginContext<unknown>): Promise<void> {
    const workflows = ctx.services.get('workflows')
    workflows.registerStepType({
      type: 'huge',
      description: 'outputs half a megabyte',
      schema: z.strictObject({}),
      run: () => ({ output: 'y'.repeat(500_000) }),
    })
    workflows.registerStepType({
      type: 'boom',
      description: 'fails with a long message',
      schema: z.strictObject({}),
      run: () => {
        throw new Error(`bad ${'z'.repeat(100_000)}`)
      },
    })
  }
}

describe.each(drivers)('workflow limits on the $name driver', (driver) => {
  const bot = (workflows: WorkflowInput[], extra: Record<string, unknown> = {}, plugins: never[] = []) =>
    workflowBot({ ...driver.options(), ...extra, workflows }, plugins)

  it('templates: a step that renders too much fails with WORKFLOW_TEMPLATE_LIMIT through its own error handling', async () => {
    const b = await bot([
      {
        id: 'goes-on',
        trigger: { manual: true },
        steps: [
          {
            type: 'set',
            id: 'blow',
            vars: { a: DOUBLING },
            retry: { attempts: 3, backoff: '10ms' },
            continueOnError: true,
          },
          { type: 'send', channel: 'c', text: 'after {{ steps.blow.error.code }}' },
        ],
      },
      { id: 'stops', trigger: { manual: true }, steps: [{ type: 'log', id: 'x', message: DOUBLING }] },
    ])
    const on = await b.workflows.start('goes-on')
    expect((await b.finished(on.runId as string)).name).toBe('workflow.completed')
    expect(b.sent.map((m) => m.content)).toEqual(['after WORKFLOW_TEMPLATE_LIMIT'])
    const attempts = b.recorded.filter((e) => e.name === 'workflow.step' && e.step === 'blow')
    expect(attempts).toHaveLength(1) // the same data renders the same way: not retried
    expect(attempts[0]).toMatchObject({
      ok: false,
      willRetry: false,
      error: { code: 'WORKFLOW_TEMPLATE_LIMIT' },
    })

    const off = await b.workflows.start('stops')
    const end = await b.finished(off.runId as string)
    expect(end).toMatchObject({
      name: 'workflow.failed',
      step: 'x',
      error: { code: 'WORKFLOW_TEMPLATE_LIMIT' },
    })
    const record = (await b.workflows.get(off.runId as string)) as RunRecord
    expect(JSON.stringify(record).length).toBeLessThan(5_000)
  })

  it('templates: a step whose templates run out of time is retried by its policy, then fails with WORKFLOW_TEMPLATE_TIMEOUT', async () => {
    const b = await bot(
      [
        {
          id: 'loops',
          trigger: { manual: true },
          steps: [
            {
              type: 'log',
              id: 'spin',
              message: '{% for x in trigger.items %}{% for y in trigger.items %}{% endfor %}{% endfor %}done',
              retry: { attempts: 2, backoff: '10ms' },
            },
          ],
        },
      ],
      { limits: { renderTime: '20ms' } },
    )
    const { runId } = await b.workflows.start('loops', { items: ITEMS })
    const end = await b.finished(runId as string)
    expect(end).toMatchObject({
      name: 'workflow.failed',
      step: 'spin',
      error: { code: 'WORKFLOW_TEMPLATE_TIMEOUT' },
    })
    const attempts = b.recorded.filter((e) => e.name === 'workflow.step' && e.step === 'spin')
    expect(attempts.map((e) => [e.attempt, e.willRetry])).toEqual([
      [1, true],
      [2, false],
    ])
    expect(String((end.error as { message: string }).message)).toContain('`limits.renderTime`')
  })

  it('conditions: a trigger condition that runs too long starts no run and says why', async () => {
    const b = await bot(
      [
        {
          id: 'picky',
          trigger: { event: 'test.ping' },
          conditions: [`trigger.items | has_exp: "x", "trigger.items | has_exp: 'y', 'y == -1'"`],
          steps: [{ type: 'log', message: 'ran' }],
        },
      ],
      { limits: { conditionTime: '20ms' } },
    )
    await b.events.emit('test.ping' as BotEventName, { id: 'p1', items: ITEMS } as never)
    await b.settle()
    await expect.poll(() => b.logText()).toContain('`limits.conditionTime`')
    expect(b.logText()).toContain('WORKFLOW_TEMPLATE_TIMEOUT')
    expect(b.recorded.filter((e) => e.name === 'workflow.started')).toHaveLength(0)
  })

  it('an if condition that throws at run time fails the run and frees the single-mode slot', async () => {
    const b = await bot([
      {
        id: 'gate',
        mode: 'single',
        trigger: { manual: true },
        steps: [
          {
            type: 'if',
            id: 'check',
            condition: '(1..trigger.n) contains 2',
            // biome-ignore lint/suspicious/noThenProperty: an if step's branch
            then: [{ type: 'send', channel: 'c', text: 'two is in 1..{{ trigger.n }}' }],
          },
        ],
      },
    ])
    const first = await b.workflows.start('gate', { n: 100_000_000 })
    const end = await b.finished(first.runId as string)
    expect(end).toMatchObject({
      name: 'workflow.failed',
      step: 'check',
      error: { code: 'WORKFLOW_TEMPLATE_LIMIT' },
    })
    expect((await b.workflows.get(first.runId as string))?.status).toBe('failed')
    const second = await b.workflows.start('gate', { n: 3 })
    expect(second.status).toBe('started')
    expect((await b.finished(second.runId as string)).name).toBe('workflow.completed')
    expect(b.sent.map((m) => m.content)).toEqual(['two is in 1..3'])
  })

  it('run records keep capped values: the trigger payload, step outputs, variables and errors cut with a marker', async () => {
    const b = await bot(
      [
        {
          id: 'heavy',
          trigger: { manual: true },
          steps: [
            { type: 'huge', id: 'h' },
            { type: 'set', id: 'v', vars: { copy: '{{ trigger.text }}' } },
            { type: 'send', channel: 'c', text: 'saw {{ steps.h | size }} characters' },
            { type: 'boom', id: 'b', retry: { attempts: 1 } },
          ],
        },
      ],
      { stepTypes: ['huge', 'boom'], limits: { recordValue: 2_000 } },
      [HeavySteps as never],
    )
    const { runId } = await b.workflows.start('heavy', { text: 'x'.repeat(200_000) })
    const end = await b.finished(runId as string)
    expect(end).toMatchObject({ name: 'workflow.failed', step: 'b' })
    const record = (await b.workflows.get(runId as string)) as RunRecord
    const marker = /…\[truncated \d+ characters\]$/
    const text = (record.trigger.payload as { text: string }).text
    expect(text.length).toBeLessThanOrEqual(2_000)
    expect(text).toMatch(marker)
    expect(String(record.steps.h)).toMatch(marker)
    expect(String(record.vars.copy)).toMatch(marker)
    expect(record.error?.message).toMatch(marker)
    expect(record.error?.message.length).toBeLessThan(1_100)
    expect((end.error as { message: string }).message.length).toBeLessThan(1_100)
    // Later steps see what the record keeps.
    expect(b.sent[0]?.content).toMatch(/^saw \d{4} characters$/)
    expect(JSON.stringify(record).length).toBeLessThan(10_000)
  })

  it('keeps at most maxRuns finished runs, the oldest finished dropped first, never a running one', async () => {
    const b = await bot(
      [
        {
          id: 'sleepy',
          trigger: { manual: true },
          steps: [{ type: 'delay', duration: '1h' }],
        },
        { id: 'quick', mode: 'queued', trigger: { manual: true }, steps: [{ type: 'log', message: 'q' }] },
      ],
      { maxRuns: 3 },
    )
    const sleepy = await b.workflows.start('sleepy')
    await b.next('workflow.step', (e) => e.runId === sleepy.runId)
    const quick: string[] = []
    for (let n = 0; n < 8; n++) {
      const { runId } = await b.workflows.start('quick')
      await b.finished(runId as string)
      quick.push(runId as string)
    }
    const kept = await Promise.all(quick.map((id) => b.workflows.get(id)))
    expect(kept.map((r) => r !== undefined)).toEqual([false, false, false, false, false, true, true, true])
    expect((await b.workflows.get(sleepy.runId as string))?.status).toBe('delayed')
  })
})
