import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

// The circuit breaker's cool-down: a handler it switched off comes back on trial by itself.

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('circuit breaker: cool-down and trial', () => {
  it('a switched-off command comes back on trial after the cool-down: one failure sends it off for twice as long, a success keeps it', async () => {
    let broken = true
    let ticks = 0
    const outage = makePlugin({
      name: 'outage',
      permissions: ['messages:send', 'messages:read'],
      init: (ctx) => {
        ctx.commands.register({
          name: 'lookup',
          description: 'needs a service that is down for a while',
          handler: ({ reply }) => {
            if (broken) throw new Error('service down')
            return reply('found').then(() => undefined)
          },
        })
        ctx.events.on('message.received', () => {
          if (broken) throw new Error('service down')
        })
        ctx.timers.setInterval(() => {
          ticks += 1
          if (broken) throw new Error('service down')
        }, 1_000)
      },
    })
    bot = await createTestBot({ plugins: [outage] })
    const off = () =>
      bot?.plugins
        .get('outage')
        ?.switchedOff.map((h) => [h.handler, h.retryAt !== undefined])
        .sort()
    for (let i = 0; i < 5; i++) await bot.receive('!lookup')
    await bot.clock.tickAsync(5_000)
    expect(off()).toEqual([
      ['command:lookup', true],
      ['interval', true],
      ['message.received', true],
    ])
    expect(await bot.receive('!lookup')).toEqual([])
    const ticksWhileOff = ticks
    await bot.clock.tickAsync(20_000)
    expect(ticks).toBe(ticksWhileOff)
    // 30 s after the trip: on trial. Still broken: one failure and it is off again, now for 60 s.
    await bot.clock.tickAsync(5_001)
    expect(off()?.map(([handler]) => handler)).not.toContain('command:lookup')
    expect(await bot.receive('!lookup')).toEqual([
      expect.objectContaining({ content: "Sorry, `!lookup` failed. The bot's log says why." }),
    ])
    expect(off()?.map(([handler]) => handler)).toContain('command:lookup')
    const retryAt = bot.plugins
      .get('outage')
      ?.switchedOff.find((h) => h.handler === 'command:lookup')?.retryAt
    expect(retryAt).toBe(bot.clock.now() + 60_000)
    // The service is back: after the next cool-downs everything works again and stays on.
    broken = false
    await bot.clock.tickAsync(70_000)
    expect(off()).toEqual([])
    for (let i = 0; i < 6; i++)
      expect((await bot.receive('!lookup')).map((r) => r.content)).toEqual(['found'])
    const ticksBack = ticks
    await bot.clock.tickAsync(3_000)
    expect(ticks).toBe(ticksBack + 3)
    expect(off()).toEqual([])
  })

  it('a switched-off listener is on trial like a command: one failure sends it off for twice as long, and it keeps its record after a success', async () => {
    let broken = true
    let calls = 0
    const flaky = makePlugin({
      name: 'flaky-listener',
      permissions: ['messages:read'],
      init: (ctx) => {
        ctx.events.on('message.received', () => {
          calls += 1
          if (broken) throw new Error('service down')
        })
      },
    })
    bot = await createTestBot({ plugins: [flaky] })
    const retryAt = () =>
      bot?.plugins.get('flaky-listener')?.switchedOff.find((h) => h.handler === 'message.received')?.retryAt
    for (let i = 0; i < 5; i++) await bot.receive(`hello ${i}`)
    expect(retryAt()).toBe(bot.clock.now() + 30_000)
    await bot.clock.tickAsync(30_001)
    expect(retryAt()).toBeUndefined()
    // On trial: the first failure switches it off again, for 60 s (not after five more).
    await bot.receive('still broken')
    expect(calls).toBe(6)
    expect(retryAt()).toBe(bot.clock.now() + 60_000)
    // Back after 60 s; a success clears its failures but not its trips: the next trip waits 120 s.
    broken = false
    await bot.clock.tickAsync(60_001)
    await bot.receive('works')
    expect(calls).toBe(7)
    expect(retryAt()).toBeUndefined()
    broken = true
    for (let i = 0; i < 5; i++) await bot.receive(`down again ${i}`)
    expect(calls).toBe(12)
    expect(retryAt()).toBe(bot.clock.now() + 120_000)
  })

  it('a listener its plugin removed while the breaker had it off stays removed after the cool-down', async () => {
    let off: (() => void) | undefined
    let calls = 0
    const leaving = makePlugin({
      name: 'leaving',
      permissions: ['messages:read'],
      init: (ctx) => {
        off = ctx.events.on('message.received', () => {
          calls += 1
          throw new Error('broken')
        })
      },
    })
    bot = await createTestBot({ plugins: [leaving] })
    for (let i = 0; i < 5; i++) await bot.receive(`hello ${i}`)
    expect(bot.bot.events.listenerCount('message.received')).toBe(0)
    off?.()
    await bot.clock.tickAsync(31_000)
    await bot.receive('after')
    expect(calls).toBe(5)
    expect(bot.bot.events.listenerCount('message.received')).toBe(0)
    expect(bot.plugins.get('leaving')?.switchedOff).toEqual([])
  })
})
