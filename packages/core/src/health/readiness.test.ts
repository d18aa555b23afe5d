import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BasePlugin,
  definePlugin,
  type HealthReporter,
  type HealthState,
  type PluginManifest,
} from '../index.js'
import { createTestBot, type TestBot } from '../testing/index.js'
import { checkReadiness } from './readiness.js'

/** A plugin whose outside service is up or down as the test says. */
function servicePlugin(name: string, state: () => HealthState | Promise<HealthState>) {
  return class extends BasePlugin implements HealthReporter {
    static manifest: PluginManifest = {
      name,
      version: '1.0.0',
      description: 'depends on an outside service',
      permissions: [],
    }
    health(): HealthState | Promise<HealthState> {
      return state()
    }
  }
}

let t: TestBot | undefined
let dir: string | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('checkReadiness', () => {
  it('asks a definePlugin plugin that declares health(), and not one that does not', async () => {
    let up = false
    const manifest = (name: string): PluginManifest => ({
      name,
      version: '1.0.0',
      description: 'an object plugin',
      permissions: [],
    })
    t = await createTestBot({
      plugins: [
        definePlugin({
          manifest: manifest('watched'),
          health: (ctx) => (up ? { ready: true } : { ready: false, detail: `${ctx.name} waits` }),
        }),
        definePlugin({ manifest: manifest('plain'), setup: () => {} }),
      ],
    })
    const down = await checkReadiness(t.bot)
    expect(down).toEqual({
      ready: false,
      checks: { 'plugin:watched': { ready: false, detail: 'watched waits' } },
    })
    up = true
    expect(await checkReadiness(t.bot)).toEqual({
      ready: true,
      checks: { 'plugin:watched': { ready: true } },
    })
  })

  it('reports each plugin with health(), and is ready only while every one is', async () => {
    let queueUp = true
    t = await createTestBot({
      plugins: [
        servicePlugin('queue', () =>
          queueUp ? { ready: true } : { ready: false, detail: 'Redis unreachable' },
        ),
        servicePlugin('api', async () => ({ ready: true, detail: 'api answers' })),
      ],
    })
    expect(await checkReadiness(t.bot)).toEqual({
      ready: true,
      checks: { 'plugin:queue': { ready: true }, 'plugin:api': { ready: true, detail: 'api answers' } },
    })
    queueUp = false
    expect(await checkReadiness(t.bot)).toMatchObject({
      ready: false,
      checks: {
        'plugin:queue': { ready: false, detail: 'Redis unreachable' },
        'plugin:api': { ready: true },
      },
    })
    // A disabled plugin is not asked.
    await t.bot.plugins.disable('queue')
    expect(await checkReadiness(t.bot)).toEqual({
      ready: true,
      checks: { 'plugin:api': { ready: true, detail: 'api answers' } },
    })
  })

  it('a health() that throws or never answers counts as not ready', async () => {
    t = await createTestBot({
      clock: 'real',
      plugins: [
        servicePlugin('broken', () => {
          throw new Error('client gone')
        }),
        servicePlugin('stuck', () => new Promise<HealthState>(() => {})),
      ],
    })
    expect(await checkReadiness(t.bot, { timeoutMs: 50 })).toEqual({
      ready: false,
      checks: {
        'plugin:broken': { ready: false, detail: 'client gone' },
        'plugin:stuck': { ready: false, detail: 'no answer within 50 ms' },
      },
    })
  })

  it('checks SQLite storage with a read; memory storage needs no check', async () => {
    t = await createTestBot()
    expect(await checkReadiness(t.bot)).toEqual({ ready: true, checks: {} })
    await t.stop()
    dir = mkdtempSync(join(tmpdir(), 'banter-readiness-'))
    t = await createTestBot({ config: { storage: `sqlite:${join(dir, 'bot.sqlite')}` } })
    expect(await checkReadiness(t.bot)).toEqual({
      ready: true,
      checks: { storage: { ready: true, detail: 'sqlite answers' } },
    })
  })
})
