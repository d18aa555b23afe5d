import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { definePlugin } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'banter-analytics-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const Tools = definePlugin({
  manifest: {
    name: 'tools',
    version: '1.0.0',
    description: 'commands that work, fail or hang',
    permissions: ['messages:send'],
  },
  setup(ctx) {
    ctx.commands.register({
      name: 'ok',
      description: 'works',
      handler: async ({ reply }) => void (await reply('ok')),
    })
    ctx.commands.register({
      name: 'boom',
      description: 'fails',
      handler: () => {
        throw new Error('boom')
      },
    })
    ctx.commands.register({
      name: 'hang',
      description: 'never answers',
      timeoutMs: 20,
      handler: () => new Promise<void>(() => {}),
    })
  },
})

describe('usage analytics', () => {
  it('counts calls, errors, timeouts, latency and last use per command and plugin, and survive a restart', async () => {
    const storage = `sqlite:${join(dir, 'bot.sqlite')}`
    const first = await createTestBot({ plugins: [Tools], config: { storage }, clock: 'real' })
    for (let i = 0; i < 3; i++) await first.receive('!ok')
    await first.receive('!boom')
    await first.receive('!hang')
    await first.stop()

    const second = await createTestBot({ plugins: [Tools], config: { storage }, clock: 'real' })
    await second.receive('!ok')
    const report = await second.bot.analytics.report()
    await second.stop()
    const ok = report.commands.find((c) => c.name === 'ok')
    expect(ok).toMatchObject({ plugin: 'tools', calls: 4, errors: 0, timeouts: 0 })
    expect(ok?.p50Ms).toBeGreaterThan(0)
    expect(ok?.p99Ms).toBeGreaterThanOrEqual(ok?.p50Ms as number)
    expect(typeof ok?.lastUsed).toBe('string')
    expect(report.commands.find((c) => c.name === 'boom')).toMatchObject({ calls: 1, errors: 1 })
    expect(report.commands.find((c) => c.name === 'hang')).toMatchObject({ calls: 1, timeouts: 1 })
    expect(report.mostUsed[0]?.name).toBe('ok')
    expect(report.mostFailing.map((l) => l.name)).toEqual(expect.arrayContaining(['boom', 'hang', 'tools']))
    // Its calls count initialize and destroy too.
    const tools = report.plugins.find((p) => p.name === 'tools')
    expect(tools).toMatchObject({ errors: 1, timeouts: 1 })
    expect(tools?.calls).toBeGreaterThanOrEqual(6)
  })

  it('keeps hourly buckets: a report covers only the hours asked for (7 days at most)', async () => {
    const b = await createTestBot({ plugins: [Tools] })
    await b.receive('!ok')
    await b.bot.analytics.flush()
    await b.clock.tickAsync(3 * 3_600_000)
    await b.receive('!ok')
    expect((await b.bot.analytics.report(1)).commands.find((c) => c.name === 'ok')?.calls).toBe(1)
    expect((await b.bot.analytics.report(24)).commands.find((c) => c.name === 'ok')?.calls).toBe(2)
    await b.clock.tickAsync(8 * 24 * 3_600_000)
    expect((await b.bot.analytics.report()).commands).toEqual([])
    await b.stop()
  })
})
