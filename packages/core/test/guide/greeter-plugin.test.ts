import { plugin } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { describe, expect, test } from 'vitest'
import { greeterObject } from './greeter-object.js'
import { GreeterPlugin } from './greeter-plugin.js'

// The class and the object are the same plugin: the same tests run on both.
describe.each([
  ['class', GreeterPlugin],
  ['object', greeterObject],
])('the greeter as a %s', (_, Greeter) => {
  test('greets on !hello and counts per user', async () => {
    // plugin(...) checks the options against the schema when you compile.
    const bot = await createTestBot({ plugins: [plugin(Greeter, { greeting: 'Hi' })] })

    const [first] = await bot.receive({ content: '!hello', author: { id: 'u1', name: 'Ada' } })
    expect(first?.content).toBe('Hi, Ada! (greeting #1)')

    const [second] = await bot.receive({ content: '!hello Grace', author: { id: 'u1', name: 'Ada' } })
    expect(second?.content).toBe('Hi, Grace! (greeting #2)')

    await bot.stop()
  })

  test('welcomes people who say hi', async () => {
    const bot = await createTestBot({ plugins: [Greeter] })
    const replies = await bot.receive({ content: 'hi everyone', author: { name: 'Linus' } })
    expect(replies.map((r) => r.content)).toEqual(['Welcome, Linus!'])
    await bot.stop()
  })

  test('refuses a bad option with a clear error', async () => {
    const bot = await createTestBot({ plugins: [plugin(Greeter, { greeting: '' })] })
    expect(bot.plugins.get('greeter')?.error?.code).toBe('CONFIG_INVALID')
    await bot.stop()
  })
})

test('a file of hook functions loads by its path', async () => {
  const bot = await createTestBot({
    plugins: ['./emoji.ts', plugin(GreeterPlugin, { greeting: ':wave: Hi' })],
    config: { baseDir: import.meta.dirname },
  })
  const [reply] = await bot.receive({ content: '!hello', author: { name: 'Ada' } })
  expect(reply?.content).toBe('👋 Hi, Ada! (greeting #1)')
  await bot.stop()
})
