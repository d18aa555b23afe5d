import { describe, expect, it, vi } from 'vitest'
import { answer, manual } from './fake-openai-server.js'
import { nextEvent, openaiBot, startServer, TEST_KEY } from './helpers.js'

describe('answers in chat through the real openai SDK', () => {
  it('streams an answer to !ask: one message, then its final text', async () => {
    const server = await startServer()
    server.enqueue(answer('Paris is the capital of France.', { size: 3 }))
    const b = await openaiBot(server, { model: 'gpt-test', systemPrompt: 'Be brief.' })

    const replies = await b.receive({
      content: '!ask What is the capital of France?',
      author: { id: 'u1', name: 'Ada Lovelace' },
    })

    expect(replies).toHaveLength(1)
    expect(replies[0]?.content).toBe('Paris is the capital of France.')
    const [request] = server.requests
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_KEY}`)
    expect(request?.body).toMatchObject({
      model: 'gpt-test',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is the capital of France?', name: 'Ada_Lovelace' },
      ],
    })
  })

  it('posts the whole answer at once with stream: false', async () => {
    const server = await startServer()
    server.enqueue(answer('A whole answer.'))
    const b = await openaiBot(server, { stream: false })
    const [reply] = await b.receive('!ask hello')
    expect(reply?.content).toBe('A whole answer.')
    expect(reply?.history).toEqual([])
    expect(server.requests[0]?.body.stream).toBe(false)
  })

  it('coalesces tokens: no edit before editIntervalMs has passed on the bot clock', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server)
    const pending = b.receive('!ask count to ten')
    await stream.started
    stream.send('one')
    await vi.waitFor(() => expect(b.sent[0]?.content).toBe('one'))
    for (const word of [' two', ' three', ' four', ' five', ' six', ' seven', ' eight', ' nine']) {
      stream.send(word)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    stream.send(' ten')
    stream.finish()
    const [reply] = await pending
    // The fake clock never moved: the first token was posted at once and the rest arrived in one
    // final edit, instead of one edit per token.
    expect(reply?.history).toEqual(['one'])
    expect(reply?.content).toBe('one two three four five six seven eight nine ten')
    expect(b.operations.filter((o) => o.type === 'edit')).toHaveLength(1)
  })

  it('edits as tokens arrive, never twice within editIntervalMs', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server, { editIntervalMs: 1000 })
    const editTimes: number[] = []
    b.events.on('message.sent', ({ message }) => {
      if (message.editOf) editTimes.push(b.clock.now())
    })
    const pending = b.receive('!ask spell it')
    await stream.started
    stream.send('A')
    await vi.waitFor(() => expect(b.sent[0]?.content).toBe('A'))
    let expected = 'A'
    for (const letter of ['B', 'C', 'D', 'E']) {
      stream.send(letter)
      expected += letter
      // Move the bot clock in small steps until the edit shows the new letter.
      await vi.waitFor(
        async () => {
          await b.clock.tickAsync(100)
          expect(b.sent[0]?.content).toBe(expected)
        },
        { timeout: 5000, interval: 5 },
      )
    }
    stream.finish()
    const [reply] = await pending
    expect(reply?.history).toEqual(['A', 'AB', 'ABC', 'ABCD'])
    expect(reply?.content).toBe('ABCDE')
    for (let i = 1; i < editTimes.length; i++) {
      expect((editTimes[i] as number) - (editTimes[i - 1] as number)).toBeGreaterThanOrEqual(1000)
    }
  })

  it('splits an answer past the platform length limit into several messages', async () => {
    const server = await startServer()
    const sentence = 'The quick brown fox jumps over the lazy dog. '
    const text = sentence.repeat(12).trim()
    server.enqueue(answer(text, { size: 7 }))
    const b = await openaiBot(server, { reserveChars: 20 }, { maxMessageLength: 200 })
    const answered = nextEvent(b, 'openai.answered')

    const replies = await b.receive('!ask tell me about foxes')

    expect(replies.length).toBeGreaterThanOrEqual(Math.ceil(text.length / 180))
    for (const reply of replies) expect(reply.content.length).toBeLessThanOrEqual(180)
    expect(replies.map((r) => r.content).join(' ')).toBe(text)
    const event = await answered
    expect(event.messageIds).toEqual(replies.map((r) => r.id))
    expect(event.text).toBe(text)
  })
})
