import type { PluginContext } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type ResolvedWorkflowOptions, type WorkflowOptions, WorkflowPlugin } from '../src/index.js'
import { MEMORY_MAX_CLAIMS, MemoryRunStore } from '../src/queue/memory-run-store.js'

// Issue 11: "The default config grows without bound". The default driver (memory) on the bot's fake
// clock: finished runs, their messages and their idempotency keys must go, read or not.

let plugin: WorkflowPlugin | undefined
/** The workflow plugin, with a handle on its instance to look into the store. */
class Observed extends WorkflowPlugin {
  override async initialize(ctx: PluginContext<ResolvedWorkflowOptions>): Promise<void> {
    plugin = this
    await super.initialize(ctx)
  }
}

const bots: TestBot[] = []
afterEach(async () => {
  await Promise.allSettled(bots.splice(0).map((b) => b.stop()))
})

async function start(options: WorkflowOptions): Promise<{ bot: TestBot; store: MemoryRunStore }> {
  const bot = await createTestBot({
    plugins: [
      [
        Observed,
        {
          ...options,
          workflows: [{ id: 'cmd', trigger: { command: true }, steps: [{ type: 'reply', text: 'ok' }] }],
        },
      ],
    ],
  })
  bots.push(bot)
  const store = plugin?.engine.driver.store
  if (!(store instanceof MemoryRunStore)) throw new Error('expected the memory driver')
  return { bot, store }
}

/** Sends `count` `!run cmd` messages and moves the fake clock until every run has answered. */
async function runMany(bot: TestBot, count: number): Promise<void> {
  for (let n = 0; n < count; n++) await bot.receive(`!run cmd ${'words '.repeat(50)}`)
  for (let i = 0; i < 200 && bot.sent.filter((m) => m.content === 'ok').length < count; i++) {
    await bot.clock.tickAsync(5)
  }
  expect(bot.sent.filter((m) => m.content === 'ok')).toHaveLength(count)
}

describe('memory run store retention (issue 11: the default config grows without bound)', () => {
  it('expires finished runs after keepRuns and their keys after idempotencyTtl on the bot clock, without being read', async () => {
    const { bot, store } = await start({ keepRuns: '1h', idempotencyTtl: '2h' })
    await runMany(bot, 6)
    expect(store.stats()).toMatchObject({ runs: 6, finished: 6, claims: 6 })
    await bot.clock.tickAsync(3_600_000 + 60_000)
    expect(store.stats()).toMatchObject({ runs: 0, finished: 0, claims: 6 })
    await bot.clock.tickAsync(3_600_000)
    expect(store.stats()).toMatchObject({ runs: 0, claims: 0 })
  })

  it('holds at most maxRuns finished runs however many run', async () => {
    const { bot, store } = await start({ maxRuns: 5 })
    await runMany(bot, 20)
    expect(store.stats().runs).toBeLessThanOrEqual(5)
    expect(store.stats().finished).toBe(5)
  })

  it('remembers at most MEMORY_MAX_CLAIMS idempotency keys, forgetting the oldest first', async () => {
    const store = new MemoryRunStore(() => 0, 10)
    for (let n = 0; n < MEMORY_MAX_CLAIMS + 50; n++) await store.claim(`k${n}`, `r${n}`, 60_000)
    expect(store.stats().claims).toBe(MEMORY_MAX_CLAIMS)
    expect(await store.claim('k0', 'again', 60_000)).toBeUndefined()
    expect(await store.claim(`k${MEMORY_MAX_CLAIMS + 49}`, 'again', 60_000)).toBe(
      `r${MEMORY_MAX_CLAIMS + 49}`,
    )
  })

  it('never drops a run that has not finished', async () => {
    const store = new MemoryRunStore(() => 0, 2)
    await store.put('running', { status: 'running' })
    for (let n = 0; n < 10; n++) await store.put(`done${n}`, { status: 'completed' }, 60_000)
    expect(await store.get('running')).toEqual({ status: 'running' })
    expect(store.stats()).toMatchObject({ runs: 3, finished: 2 })
    expect(await store.get('done9')).toBeDefined()
    expect(await store.get('done0')).toBeUndefined()
  })
})
