import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('EventManager', () => {
  it('on returns a disposer, takes several names, once fires once, off removes', async () => {
    bot = await createTestBot()
    const seen: string[] = []
    const off = bot.events.on(['plugin.loaded', 'plugin.unloaded'], (e) => void seen.push(e.name))
    bot.events.once('bot.stopping', (e) => void seen.push(`stopping:${e.reason}`))
    const handler = () => void seen.push('off')
    bot.events.on('plugin.enabled', handler)
    bot.events.off('plugin.enabled', handler)
    await bot.events.emit('plugin.loaded', { name: 'a', version: '1' })
    await bot.events.emit('plugin.unloaded', { name: 'b' })
    await bot.events.emit('plugin.enabled', { name: 'c' })
    off()
    await bot.events.emit('plugin.loaded', { name: 'ignored', version: '1' })
    await bot.events.emit('bot.stopping', { reason: 'x' })
    await bot.events.emit('bot.stopping', { reason: 'y' })
    expect(seen).toEqual(['a', 'b', 'stopping:x'])
  })

  it('emit awaits every listener, even slow ones', async () => {
    bot = await createTestBot({ clock: 'real' })
    const done: number[] = []
    bot.events.on('plugin.enabled', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      done.push(1)
    })
    bot.events.on('plugin.enabled', () => void done.push(2))
    await bot.events.emit('plugin.enabled', { name: 'x' })
    expect(done.sort()).toEqual([1, 2])
  })

  it('a listener added or removed during an emit does not disturb that emit', async () => {
    bot = await createTestBot()
    const seen: string[] = []
    const offB = bot.events.on('plugin.enabled', () => {
      seen.push('a')
      offB2()
      bot?.events.on('plugin.enabled', () => void seen.push('late'))
    })
    const offB2 = bot.events.on('plugin.enabled', () => void seen.push('b'))
    await bot.events.emit('plugin.enabled', { name: 'x' })
    expect(seen).toEqual(['a', 'b'])
    offB()
  })
})
