import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { MAX_VALUES_PER_PLUGIN } from '../src/http/metric-labels.js'
import { type App, createApp } from '../src/runtime/create-app.js'
import { tempDir } from './helpers.js'

const fixture = new URL('./fixtures/failing-plugin.ts', import.meta.url).pathname
const t = tempDir({
  'banter.config.yaml': `storage: memory\nhttp:\n  port: 0\nplugins:\n  timestamp: {}\n  ${fixture}: {}\nlog:\n  level: silent\n`,
})
let app: App
const input = new PassThrough()

beforeAll(async () => {
  app = await createApp({ config: t.path('banter.config.yaml'), input, output: new PassThrough() })
  await app.start()
})
afterAll(async () => {
  await app.stop('tests done')
  t.cleanup()
})

async function scrape(): Promise<string> {
  return (await fetch(`${app.http?.url}/metrics`)).text()
}

/** The series (sample lines) of one metric. */
function series(text: string, metric: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
}

describe('forged plugin.error events create unbounded metric series', () => {
  it('real failures are counted by plugin, hook and code', async () => {
    input.write('!boom\n!fizzle\n')
    await vi.waitFor(async () => {
      const text = await scrape()
      expect(text).toContain(
        'banter_plugin_failures_total{plugin="failing",hook="command",code="HOOK_FAILED"} 1',
      )
      expect(text).toContain(
        'banter_plugin_failures_total{plugin="failing",hook="command",code="FAILING_ON_PURPOSE"} 1',
      )
    })
  })

  it('thousands of forged names, hooks and codes stay within a bounded number of series', async () => {
    const earlier = series(await scrape(), 'banter_plugin_failures_total')
    const before = earlier.length
    const ownCodes = earlier.filter((line) => line.includes('code="FAILING_')).length
    for (let i = 0; i < 2000; i++) {
      // Names of no loaded plugin, with made-up hooks and codes.
      await app.bot.events.emit('plugin.error', {
        name: `ghost-${i}`,
        hook: `hook-${i}`,
        error: { code: `GHOST_${i}`, message: 'forged' },
        timedOut: false,
      })
      // A loaded plugin's name, with its prefix on made-up codes and ever new hooks.
      await app.bot.events.emit('plugin.error', {
        name: 'failing',
        hook: `hook-${i}`,
        error: { code: `FAILING_FORGED_${i}`, message: 'forged' },
        timedOut: false,
      })
      // Another plugin's prefix, and a core code under a forged name.
      await app.bot.events.emit('plugin.error', {
        name: 'timestamp',
        hook: 'message.sent',
        error: { code: `FAILING_${i}`, message: 'forged' },
        timedOut: false,
      })
      await app.bot.events.emit('command.executed', {
        command: `cmd-${i}`,
        plugin: `ghost-${i}`,
        message: undefined as never,
        ok: true,
        durationMs: 1,
      })
    }
    const text = await scrape()
    const failures = series(text, 'banter_plugin_failures_total')
    // Ghosts: one series (plugin, hook and code "other"). failing: at most MAX hooks x (MAX codes
    // + the core code + other), in practice far fewer. timestamp: one hook, code "other".
    expect(failures.length - before).toBeLessThanOrEqual(1 + 2 * (MAX_VALUES_PER_PLUGIN + 2) + 1)
    expect(failures).toContain('banter_plugin_failures_total{plugin="other",hook="other",code="other"} 2000')
    expect(failures).toContain(
      'banter_plugin_failures_total{plugin="timestamp",hook="message.sent",code="other"} 2000',
    )
    expect(failures.some((line) => line.includes('ghost-'))).toBe(false)
    expect(failures.filter((line) => line.includes('FAILING_FORGED_'))).toHaveLength(
      MAX_VALUES_PER_PLUGIN - ownCodes,
    )
    // Forged command names are one "other" series too (its buckets, sum and count).
    const commands = series(text, 'banter_command_duration_seconds_count')
    expect(commands).toContain(
      'banter_command_duration_seconds_count{command="other",plugin="other",ok="true"} 2000',
    )
    expect(commands.some((line) => line.includes('cmd-'))).toBe(false)
  })
})
