import type { ChatMessage } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { ISSUED_WINDOW, IssuedMessages } from '../src/runtime/issued-messages.js'
import { adminShutdownPlugin, makePlugin } from './helpers.js'

describe('IssuedMessages', () => {
  it('knows the latest messages by identity, not by content', () => {
    const issued = new IssuedMessages()
    const message = { id: '1' }
    issued.add(message)
    expect(issued.has(message)).toBe(true)
    expect(issued.has({ ...message })).toBe(false)
  })

  it('forgets a message once the window has moved past it, and keeps the ones inside', () => {
    const issued = new IssuedMessages()
    const first = { id: 'first' }
    issued.add(first)
    const later = Array.from({ length: ISSUED_WINDOW - 1 }, (_, i) => ({ id: String(i) }))
    for (const message of later) issued.add(message)
    expect(issued.has(first)).toBe(true)
    issued.add({ id: 'one more' })
    expect(issued.has(first)).toBe(false)
    expect(later.every((message) => issued.has(message))).toBe(true)
  })

  it('marks one object sent again in a row once (it does not push the others out)', () => {
    const issued = new IssuedMessages()
    const first = { id: 'first' }
    issued.add(first)
    const again = { id: 'again' }
    for (let i = 0; i < ISSUED_WINDOW * 2; i++) issued.add(again)
    expect(issued.has(first)).toBe(true)
    expect(issued.has(again)).toBe(true)
  })
})

describe('ctx.commands.run with a message from long ago', () => {
  let bot: TestBot | undefined
  afterEach(async () => {
    await bot?.stop()
    bot = undefined
  })

  it('runs as the plugin itself once more than the window of messages came after it', async () => {
    const results: string[] = []
    let kept: ChatMessage | undefined
    const admin = adminShutdownPlugin()
    const keeper = makePlugin({
      name: 'keeper',
      permissions: ['messages:read', 'messages:send'],
      init: (ctx) =>
        void ctx.events.on('message.received', async ({ message }) => {
          if (message.content === 'keep') kept = message
          if (message.content === 'now' && kept) {
            const result = await ctx.commands.run('shutdown', kept)
            results.push(result.error?.code ?? 'ok')
          }
        }),
    })
    bot = await createTestBot({
      plugins: [admin, keeper],
      config: { access: { admin: { users: ['boss'] } } },
    })
    await bot.receive({ content: 'keep', author: { id: 'boss' } })
    await bot.receive('now')
    expect(results).toEqual(['ok'])
    for (let i = 0; i < ISSUED_WINDOW; i++) await bot.receive(`chatter ${i}`)
    await bot.receive('now')
    expect(results).toEqual(['ok', 'PERMISSION_DENIED'])
    expect(bot.sent.map((m) => m.content).filter((c) => c.includes('shut down'))).toEqual([
      'shut down by boss',
    ])
  })
})
