import { createTestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import WorkflowPlugin, {
  asWorkerOptions,
  WorkflowPlugin as Named,
  type WorkflowService,
} from '../src/index.js'
import { stopBots, workflowBot } from './helpers/harness.js'

afterEach(stopBots)

describe('WorkflowPlugin', () => {
  it('is the default and a named export, and says the memory queue is not durable', async () => {
    expect(WorkflowPlugin).toBe(Named)
    expect(WorkflowPlugin.manifest.name).toBe('workflow')
    const b = await workflowBot({})
    expect(b.logText()).toContain(
      'memory driver: runs, delays and schedules live in this process and are lost on restart',
    )
  })

  it('refuses bad definitions at load with every problem, and the bot keeps running', async () => {
    const b = await createTestBot({
      plugins: [
        [
          WorkflowPlugin,
          {
            workflows: [
              { id: 'a', trigger: { manual: true }, steps: [{ type: 'delay', duration: 'later' }] },
              { id: 'a', trigger: { manual: true }, steps: [{ type: 'log', message: 'x' }] },
              { id: 'b', trigger: { event: 'message.received' }, steps: [{ type: 'reply', txt: 'x' }] },
            ],
          },
        ],
      ],
    })
    try {
      const info = b.plugins.get('workflow')
      expect(info?.status).toBe('error')
      // Refused when the options are validated, before the plugin starts: each problem with its path.
      expect(info?.error?.message).toContain(
        'options.workflows[0].steps[0].duration: "later" is not a duration',
      )
      expect(info?.error?.message).toContain('options.workflows[1].id: "a" is the id of workflows[0] too')
      expect(info?.error?.message).toContain('options.workflows[2].steps[0].txt: unknown field "txt"')
      const [pong] = await b.receive('!ping')
      expect(pong?.content).toBe('pong')
    } finally {
      await b.stop()
    }
  })

  it('replies that echo input are cut to a short quoted excerpt (issue 11)', async () => {
    const b = await workflowBot(
      { workflows: [{ id: 'w1', trigger: { command: true }, steps: [{ type: 'log', message: 'x' }] }] },
      [],
      { config: { access: { admin: { users: ['boss'] } } } },
    )
    const huge = `\`\`\`${'a'.repeat(1_000_000)}`
    const lines = [
      `!run ${huge}`,
      `!workflow status ${huge}`,
      `!workflow run ${huge}`,
      `!workflow cancel ${huge}`,
    ]
    for (const line of lines) {
      const replies = await b.receive({ content: line, author: { id: 'boss' } })
      expect(replies).toHaveLength(1)
      const text = replies[0]?.content ?? ''
      expect(text.length).toBeLessThan(200)
      // A code span that the backticks of the input cannot break.
      expect(text).toMatch(/ `ˋˋˋa{37}…`[.]/)
      expect(text).not.toContain('``')
    }
  })

  it('refuses workers: 0 on the memory driver, and `banter worker` options on it', async () => {
    const b = await createTestBot({ plugins: [[WorkflowPlugin, { workers: 0 }]] })
    try {
      expect(b.plugins.get('workflow')?.error?.message).toMatch(/workers: 0 with the memory driver/)
    } finally {
      await b.stop()
    }
    expect(() => asWorkerOptions({})).toThrow(/needs the workflow plugin on `driver: bullmq`/)
    expect(asWorkerOptions({ driver: 'bullmq', redisUrl: 'redis://h:1', workers: 0 }, 3)).toMatchObject({
      role: 'worker',
      workers: 3,
      board: false,
    })
  })

  it('in worker role registers no commands, webhooks or chat triggers', async () => {
    const b = await workflowBot({
      role: 'worker',
      workflows: [
        { id: 'echo', trigger: { event: 'message.received' }, steps: [{ type: 'reply', text: 'echo' }] },
      ],
    })
    expect(b.commands.find('workflow')).toBeUndefined()
    expect(b.commands.find('run')).toBeUndefined()
    expect(b.bot.http.list()).toHaveLength(0)
    expect(await b.receive('hello')).toEqual([])
    expect(b.workflows.list().map((w) => w.id)).toEqual(['echo'])
  })

  it('fires a cron schedule in its time zone on the bot clock (memory driver, fake clock)', async () => {
    // The fake clock starts at 2026-11-23 07:30 UTC, 08:30 in Paris: the next 09:00 Paris is 08:00 UTC
    // (read as UTC, it would be 09:00 UTC). Half an hour of fake time, not a day: the core's watchdog
    // ticks every 100 ms of it.
    const b = await createTestBot({
      now: Date.UTC(2026, 10, 23, 7, 30),
      plugins: [
        [
          WorkflowPlugin,
          {
            reconcileEvery: '6h',
            workflows: [
              {
                id: 'morning',
                trigger: { schedule: { cron: '0 9 * * *', tz: 'Europe/Paris' } },
                steps: [{ type: 'send', channel: 'news', text: 'fired {{ trigger.firedAt }}' }],
              },
            ],
          },
        ],
      ],
    })
    try {
      await b.clock.tickAsync(29 * 60_000)
      expect(b.sent).toHaveLength(0)
      await b.clock.tickAsync(2 * 60_000)
      expect(b.sent.map((m) => m.content)).toEqual(['fired 2026-11-23T08:00:00.000Z'])
      const workflows = b.bot.services.tryGet('workflows') as WorkflowService
      expect(workflows.metrics().morning).toMatchObject({ started: 1, completed: 1 })
    } finally {
      await b.stop()
    }
  })
})
