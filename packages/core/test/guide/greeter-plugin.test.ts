import { createTestBot } from '@banter/core/testing'
import { expect, test } from 'vitest'
import { GreeterPlugin } from './greeter-plugin.js'

test('greets on !hello and counts per user', async () => {
  const bot = await createTestBot({ plugins: [[GreeterPlugin, { greeting: 'Hi' }]] })

  const [first] = await bot.receive({ content: '!hello', author: { id: 'u1', name: 'Ada' } })
  expect(first?.content).toBe('Hi, Ada! (greeting #1)')

  const [second] = await bot.receive({ content: '!hello Grace', author: { id: 'u1', name: 'Ada' } })
  expect(second?.content).toBe('Hi, Grace! (greeting #2)')

  await bot.stop()
})

test('welcomes people who say hi', async () => {
  const bot = await createTestBot({ plugins: [GreeterPlugin] })
  const replies = await bot.receive({ content: 'hi everyone', author: { name: 'Linus' } })
  expect(replies.map((r) => r.content)).toEqual(['Welcome, Linus!'])
  await bot.stop()
})

test('refuses a bad option with a clear error', async () => {
  const bot = await createTestBot({ plugins: [[GreeterPlugin, { greeting: '' }]] })
  expect(bot.plugins.get('greeter')?.error?.code).toBe('CONFIG_INVALID')
  await bot.stop()
})
