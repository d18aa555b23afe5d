import { describe, expect, it } from 'vitest'
import { answer, manual } from './fake-openai-server.js'
import { nextEvent, openaiBot, startServer } from './helpers.js'

/** A 2 MB answer of ordinary sentences (the adversarial test's 1,036-message answer). */
const HUGE = 'All work and no play makes Jack a dull boy. '.repeat(48_000)
const CUT = /\*\(cut: the answer was longer than (\d+) messages?\)\*$/

describe('an AI answer of 2 MB became 1,036 chat messages: maxMessagesPerAnswer', () => {
  it('a streamed 2 MB answer is cut at 5 messages by default, the last one saying it was cut', async () => {
    expect(HUGE.length).toBeGreaterThan(2_000_000)
    const server = await startServer()
    server.enqueue(answer(HUGE, { size: 2000 }))
    const b = await openaiBot(server)
    const answered = nextEvent(b, 'openai.answered')

    const replies = await b.receive('!ask write me a novel')

    expect(replies).toHaveLength(5)
    expect(b.sent).toHaveLength(5)
    for (const reply of replies) expect(reply.content.length).toBeLessThanOrEqual(2000 - 64)
    expect(replies.slice(0, 4).every((r) => !CUT.test(r.content))).toBe(true)
    expect(replies[4]?.content).toMatch(CUT)
    expect(replies[4]?.content.match(CUT)?.[1]).toBe('5')
    // What the chat shows is the start of the answer.
    expect(replies[0]?.content.startsWith('All work and no play makes Jack a dull boy.')).toBe(true)
    const event = await answered
    expect(event.finishReason).toBe('max-messages')
    expect(event.messageIds).toEqual(replies.map((r) => r.id))
    // The plugin stopped reading: it kept no more than the messages can show (and a little more).
    expect(event.text.length).toBeLessThan(6 * 2000)
  })

  it('stops reading the stream once the answer is past maxMessagesPerAnswer messages', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server, { maxMessagesPerAnswer: 2 })
    const answered = nextEvent(b, 'openai.answered')
    const pending = b.receive('!ask go on forever')
    await stream.started
    let sent = 0
    let closed = false
    void stream.closed.then(() => {
      closed = true
    })
    // The server would go on for ever; the plugin ends the request after about 3 messages' worth.
    while (!closed && sent < 1000) {
      stream.send(`${'words '.repeat(100)}\n`)
      sent += 1
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    expect(closed).toBe(true)
    expect(sent).toBeLessThan(1000)
    const replies = await pending
    expect(replies).toHaveLength(2)
    expect(replies[1]?.content).toMatch(/\*\(cut: the answer was longer than 2 messages\)\*$/)
    expect((await answered).finishReason).toBe('max-messages')
  })

  it('a whole (stream: false) 2 MB answer is cut at maxMessagesPerAnswer messages too', async () => {
    const server = await startServer()
    server.enqueue(answer(HUGE))
    const b = await openaiBot(server, { stream: false, maxMessagesPerAnswer: 2 })
    const answered = nextEvent(b, 'openai.answered')

    const replies = await b.receive('!ask write me a novel')

    expect(replies).toHaveLength(2)
    expect(replies[0]?.history).toEqual([])
    expect(replies[1]?.content).toMatch(/\*\(cut: the answer was longer than 2 messages\)\*$/)
    expect(replies[1]?.content.length).toBeLessThanOrEqual(2000 - 64)
    expect((await answered).finishReason).toBe('max-messages')
  })

  it('an answer that fits in maxMessagesPerAnswer messages is posted whole, without a note', async () => {
    const server = await startServer()
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(12).trim()
    server.enqueue(answer(text, { size: 7 }))
    const b = await openaiBot(
      server,
      { reserveChars: 20, maxMessagesPerAnswer: 4 },
      { maxMessageLength: 200 },
    )
    const replies = await b.receive('!ask tell me about foxes')
    expect(replies).toHaveLength(4)
    expect(replies.map((r) => r.content).join(' ')).toBe(text)
    expect(replies.some((r) => r.content.includes('*(cut'))).toBe(false)
  })

  it('one message past maxMessagesPerAnswer is enough to cut', async () => {
    const server = await startServer()
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(12).trim()
    server.enqueue(answer(text, { size: 7 }))
    const b = await openaiBot(
      server,
      { reserveChars: 20, maxMessagesPerAnswer: 3 },
      { maxMessageLength: 200 },
    )
    const replies = await b.receive('!ask tell me about foxes')
    expect(replies).toHaveLength(3)
    expect(replies[2]?.content).toMatch(/\w\n\n\*\(cut: the answer was longer than 3 messages\)\*$/)
    expect(replies[2]?.content.length).toBeLessThanOrEqual(180)
  })

  it('a code block cut by the limit is closed before the note', async () => {
    const server = await startServer()
    const code = Array.from({ length: 400 }, (_, i) => `const line${i} = ${i}`).join('\n')
    server.enqueue(answer(`Here:\n\`\`\`ts\n${code}\n\`\`\``, { size: 50 }))
    const b = await openaiBot(server, { reserveChars: 0, maxMessagesPerAnswer: 2 }, { maxMessageLength: 300 })
    const replies = await b.receive('!ask write code')
    expect(replies).toHaveLength(2)
    const last = replies[1]?.content ?? ''
    expect(last).toMatch(/\n```\n\n\*\(cut: the answer was longer than 2 messages\)\*$/)
    for (const reply of replies) {
      expect(reply.content.length).toBeLessThanOrEqual(300)
      expect((reply.content.match(/```/g) ?? []).length % 2).toBe(0)
    }
  })
})
