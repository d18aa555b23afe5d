import TimestampPlugin from '@banter/plugin-timestamp'
import { describe, expect, it } from 'vitest'
import { answer } from './fake-openai-server.js'
import { openaiBot, startServer } from './helpers.js'

/** The conversation part of a recorded request: everything but the system prompt. */
// biome-ignore lint/suspicious/noExplicitAny: recorded JSON
function turns(body: any): { role: string; content: string }[] {
  return body.messages
    .filter((m: { role: string }) => m.role !== 'system')
    .map((m: { role: string; content: string }) => ({ role: m.role, content: m.content }))
}

describe('conversation memory', () => {
  it('sends the earlier turns of the channel with the next question', async () => {
    const server = await startServer()
    server.enqueue(answer('Hi Ada.'), answer('Your name is Ada.'))
    const b = await openaiBot(server)
    await b.receive('!ask my name is Ada')
    await b.receive('!ask what is my name?')
    expect(turns(server.requests[1]?.body)).toEqual([
      { role: 'user', content: 'my name is Ada' },
      { role: 'assistant', content: 'Hi Ada.' },
      { role: 'user', content: 'what is my name?' },
    ])
  })

  it('keeps one memory per channel, and a system prompt per channel when configured', async () => {
    const server = await startServer()
    const b = await openaiBot(server, {
      systemPrompt: 'Default prompt.',
      channelPrompts: { pirates: 'Talk like a pirate.' },
    })
    await b.receive({ content: '!ask first in general', channelId: 'general' })
    await b.receive({ content: '!ask first in pirates', channelId: 'pirates' })
    await b.receive({ content: '!ask second in pirates', channelId: 'pirates' })
    const [, pirates1, pirates2] = server.requests
    expect(pirates1?.body.messages[0]).toEqual({ role: 'system', content: 'Talk like a pirate.' })
    expect(server.requests[0]?.body.messages[0]).toEqual({ role: 'system', content: 'Default prompt.' })
    expect(turns(pirates2?.body).map((t) => t.content)).toEqual([
      'first in pirates',
      'fallback answer',
      'second in pirates',
    ])
  })

  it('trims the oldest turns to stay within memoryTokens, never starting with an answer', async () => {
    const server = await startServer()
    // Each turn costs ceil(chars / 4) + 4 estimated tokens: 40-character turns cost 14.
    const q = (n: number) => `question number ${n} `.padEnd(40, '.')
    const a = (n: number) => `answer number ${n} `.padEnd(40, '.')
    for (let n = 1; n <= 4; n++) server.enqueue(answer(a(n)))
    const b = await openaiBot(server, { memoryTokens: 50 })
    for (let n = 1; n <= 4; n++) await b.receive(`!ask ${q(n)}`)
    // 50 tokens hold three 14-token turns; the oldest of those would be an answer, so it goes too.
    expect(turns(server.requests[3]?.body)).toEqual([
      { role: 'user', content: q(3) },
      { role: 'assistant', content: a(3) },
      { role: 'user', content: q(4) },
    ])
  })

  it('!forget clears the channel memory', async () => {
    const server = await startServer()
    const b = await openaiBot(server)
    await b.receive('!ask remember the number 42')
    const [reply] = await b.receive('!forget')
    expect(reply?.content).toBe('🧹 I forgot our conversation in this channel.')
    await b.receive('!ask which number?')
    expect(turns(server.requests[1]?.body)).toEqual([{ role: 'user', content: 'which number?' }])
  })

  it('memoryTokens: 0 sends no history', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { memoryTokens: 0 })
    await b.receive('!ask one')
    await b.receive('!ask two')
    expect(turns(server.requests[1]?.body)).toEqual([{ role: 'user', content: 'two' }])
  })

  it('remembers the answer as the model wrote it, not as the chat shows it (stamped)', async () => {
    const server = await startServer()
    server.enqueue(answer('Stamped in chat, not in memory.'))
    const b = await openaiBot(server, {}, { before: [[TimestampPlugin, { timeZone: 'UTC' }]] })
    const [reply] = await b.receive('!ask one')
    expect(reply?.content).toBe('[2026-11-22 09:30:00] Stamped in chat, not in memory.')
    await b.receive('!ask two')
    expect(turns(server.requests[1]?.body)[1]).toEqual({
      role: 'assistant',
      content: 'Stamped in chat, not in memory.',
    })
  })
})
