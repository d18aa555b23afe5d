import { integration, startRedisServer } from '@banter/test-servers'
import { describe, expect, it, vi } from 'vitest'
import { manual } from './fake-openai-server.js'
import { nextEvent, openaiBot, startServer } from './helpers.js'

describe('limits', () => {
  it('rate-limits each user and tells them when to try again', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { rateLimit: { max: 2, windowMs: 60_000 } })
    const ada = { id: 'ada', name: 'Ada' }
    await b.receive({ content: '!ask one', author: ada })
    await b.clock.tickAsync(20_000)
    await b.receive({ content: '!ask two', author: ada })
    const failed = nextEvent(b, 'openai.failed')
    const [refused] = await b.receive({ content: '!ask three', author: ada })
    expect(refused?.content).toBe('⏳ You can ask 2 questions per 60 s. Please try again in 40 s.')
    expect((await failed).error.code).toBe('OPENAI_USER_LIMITED')
    expect(server.requests).toHaveLength(2)

    // Another user is not limited by Ada's questions.
    const [other] = await b.receive({ content: '!ask mine', author: { id: 'bob', name: 'Bob' } })
    expect(other?.content).toBe('fallback answer')

    await b.clock.tickAsync(40_000)
    const [again] = await b.receive({ content: '!ask four', author: ada })
    expect(again?.content).toBe('fallback answer')
    expect(server.requests).toHaveLength(4)
  })

  it('the limit holds when one user asks many questions at once (atomic window)', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { rateLimit: { max: 2, windowMs: 60_000 }, maxConcurrent: 10 })
    const ada = { id: 'ada', name: 'Ada' }
    await Promise.all(Array.from({ length: 6 }, (_, i) => b.receive({ content: `!ask q${i}`, author: ada })))
    await b.settle()
    expect(server.requests).toHaveLength(2)
  })

  it('refuses an over-long question with a clear reply and asks nothing', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { maxInputLength: 20 })
    const [reply] = await b.receive(`!ask ${'x'.repeat(25)}`)
    expect(reply?.content).toBe('Your question is 25 characters long; I take at most 20. Please shorten it.')
    expect(server.requests).toHaveLength(0)
  })

  it('refuses a question past maxConcurrent answers in progress, and takes it again once one ends', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server, { maxConcurrent: 1 })
    const first = b.receive({ content: '!ask slow one', author: { id: 'ada', name: 'Ada' } })
    await stream.started
    const [busy] = await b.receive({ content: '!ask quick one', author: { id: 'bob', name: 'Bob' } })
    expect(busy?.content).toBe("⏳ I'm already writing 1 answer. Please ask again in a few seconds.")
    stream.send('done')
    stream.finish()
    expect((await first)[0]?.content).toBe('done')
    const [later] = await b.receive({ content: '!ask quick one', author: { id: 'bob', name: 'Bob' } })
    expect(later?.content).toBe('fallback answer')
  })

  it('answers when mentioned, without the mention in the question', async () => {
    const server = await startServer()
    const b = await openaiBot(server)
    const answered = nextEvent(b, 'openai.answered')
    await b.receive({ content: '<@bot-id> what time is it?', mentions: { bot: true, users: ['bot-id'] } })
    const event = await answered
    expect(server.requests[0]?.body.messages.at(-1).content).toBe('what time is it?')
    expect(b.adapter.message(event.messageIds[0] as string)?.content).toBe('fallback answer')
  })

  it('answers every message in the configured channels, and nothing elsewhere', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { channels: ['ai-chat'] })
    const answered = nextEvent(b, 'openai.answered')
    await b.receive({ content: 'chatting in a normal channel', channelId: 'general' })
    await b.receive({ content: '!ping', channelId: 'ai-chat' })
    await b.receive({ content: 'a message from another bot', channelId: 'ai-chat', author: { bot: true } })
    await b.receive({ content: 'hello AI channel', channelId: 'ai-chat' })
    expect((await answered).channelId).toBe('ai-chat')
    expect(server.requests.map((r) => r.body.messages.at(-1).content)).toEqual(['hello AI channel'])
  })

  it('trigger decides what makes it answer: without "command" there is no !ask', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { trigger: ['mention'], channels: ['ai-chat'] })
    expect(b.commands.find('ask')).toBeUndefined()
    await b.receive({ content: 'not answered here', channelId: 'ai-chat' })
    await b.receive({ content: '<@bot-id> but this is', mentions: { bot: true } })
    await vi.waitFor(() => expect(server.requests).toHaveLength(1))
  })

  it('the ask command can be renamed', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { command: 'ai' })
    const [reply] = await b.receive('!ai hello')
    expect(reply?.content).toBe('fallback answer')
  })
})

const hasRedis = integration('redis-server', 'plugin-openai shared rate limit on Redis')
describe.skipIf(!hasRedis)('limits across shards (Redis storage)', () => {
  it('one user is rate-limited across two bot processes sharing one Redis', async () => {
    const redis = await startRedisServer()
    try {
      const server = await startServer()
      const options = { rateLimit: { max: 2, windowMs: 60_000 } }
      const one = await openaiBot(server, options, { config: { storage: redis.url } })
      const two = await openaiBot(server, options, { config: { storage: redis.url } })
      const ada = { id: 'ada', name: 'Ada' }
      await one.receive({ content: '!ask on shard one', author: ada })
      await two.receive({ content: '!ask on shard two', author: ada })
      const [refused] = await one.receive({ content: '!ask once more', author: ada })
      expect(refused?.content).toMatch(/^⏳ You can ask 2 questions per 60 s/)
      expect(server.requests).toHaveLength(2)
      await one.stop()
      await two.stop()
    } finally {
      await redis.stop()
    }
  })
})
