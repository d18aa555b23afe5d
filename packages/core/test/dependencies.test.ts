import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin, replier } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

function recorder(order: string[]) {
  return (name: string, dependencies?: Record<string, string>, version = '1.0.0') =>
    makePlugin({
      name,
      version,
      ...(dependencies ? { dependencies } : {}),
      init: () => void order.push(name),
    })
}

describe('dependencies', () => {
  it('starts plugins after their dependencies, whatever the load order', async () => {
    const order: string[] = []
    const p = recorder(order)
    bot = await createTestBot({ plugins: [p('c', { b: '^1.0.0' }), p('b', { a: '>=1' }), p('a')] })
    expect(order).toEqual(['a', 'b', 'c'])
  })

  it('a missing dependency is one clear error naming both ends; only the affected plugins stay down', async () => {
    const order: string[] = []
    const p = recorder(order)
    bot = await createTestBot({
      plugins: [p('needy', { ghost: '^1.0.0' }), p('downstream', { needy: '*' }), p('fine')],
    })
    expect(bot.plugins.get('needy')?.error).toEqual({
      code: 'DEPENDENCY_MISSING',
      message: 'plugin "needy" depends on "ghost" (^1.0.0), which is not loaded',
    })
    expect(bot.plugins.get('downstream')?.error?.code).toBe('DEPENDENCY_DOWN')
    expect(bot.plugins.get('downstream')?.error?.message).toMatch(/"downstream" depends on "needy"/)
    expect(order).toEqual(['fine'])
  })

  it('a version out of range names both ends and both versions', async () => {
    const order: string[] = []
    const p = recorder(order)
    bot = await createTestBot({ plugins: [p('lib', undefined, '1.4.2'), p('app', { lib: '^2.0.0' })] })
    expect(bot.plugins.get('app')?.error).toEqual({
      code: 'DEPENDENCY_VERSION',
      message: 'plugin "app" needs "lib" ^2.0.0, but "lib" is version 1.4.2',
    })
    expect(bot.plugins.get('lib')?.status).toBe('active')
    expect(order).toEqual(['lib'])
  })

  it('a cycle is reported with its path; plugins outside it start', async () => {
    const order: string[] = []
    const p = recorder(order)
    bot = await createTestBot({
      plugins: [p('x', { y: '*' }), p('y', { z: '*' }), p('z', { x: '*' }), p('free')],
    })
    for (const name of ['x', 'y', 'z']) {
      const info = bot.plugins.get(name)
      expect(info?.status).toBe('error')
      expect(info?.error?.code).toBe('DEPENDENCY_CYCLE')
      expect(info?.error?.message).toMatch(/cycle: "[xyz]" -> "[xyz]" -> "[xyz]" -> "[xyz]"/)
    }
    expect(order).toEqual(['free'])
  })

  it('a dependency that fails to initialize keeps its dependents down', async () => {
    const broken = makePlugin({
      name: 'db',
      init: () => {
        throw new Error('no database')
      },
    })
    const order: string[] = []
    bot = await createTestBot({ plugins: [broken, recorder(order)('users', { db: '*' })] })
    expect(bot.plugins.get('users')?.error?.message).toBe(
      'plugin "users" depends on "db", which is error: plugin "db" failed to initialize: no database',
    )
    expect(order).toEqual([])
  })

  it('disabling a plugin disables its dependents first; enabling it brings them back', async () => {
    const events: string[] = []
    bot = await createTestBot({
      plugins: [
        replier('base'),
        makePlugin({ name: 'mid', dependencies: { base: '*' } }),
        makePlugin({ name: 'top', dependencies: { mid: '*' } }),
      ],
    })
    bot.events.on(['plugin.disabled', 'plugin.enabled'], (e) => {
      events.push(`${'reason' in e ? 'disabled' : 'enabled'}:${e.name}`)
    })
    await bot.plugins.disable('base')
    expect(events).toEqual(['disabled:top', 'disabled:mid', 'disabled:base'])
    expect(bot.plugins.get('top')?.status).toBe('disabled')
    await bot.plugins.enable('base')
    expect(bot.plugins.list().map((p) => p.status)).toEqual(['active', 'active', 'active'])
  })

  it('providers of a used service start before its users', async () => {
    const order: string[] = []
    const provider = makePlugin({
      name: 'ai-provider',
      provides: ['ai'],
      init: () => void order.push('ai-provider'),
    })
    const user = makePlugin({ name: 'ai-user', uses: ['ai'], init: () => void order.push('ai-user') })
    bot = await createTestBot({ plugins: [user, provider] })
    expect(order).toEqual(['ai-provider', 'ai-user'])
  })

  it('runs higher priority plugins first in the inbound pipeline', async () => {
    const seen: string[] = []
    const mk = (name: string, priority: number) =>
      makePlugin({ name, priority, permissions: ['messages:read'], inbound: () => void seen.push(name) })
    bot = await createTestBot({ plugins: [mk('low', 0), mk('high', 1000), mk('mid', 10)] })
    await bot.receive('hello')
    expect(seen).toEqual(['high', 'mid', 'low'])
    expect(bot.bot.pipelines.inbound).toEqual(['high', 'mid', 'low'])
  })
})
