import { describe, expect, it, vi } from 'vitest'
import { answer, failWith, hang, manual } from './fake-openai-server.js'
import { aiService, keyNeverShown, nextEvent, openaiBot, startServer, TEST_KEY } from './helpers.js'

describe('faults', () => {
  it('401: the operator log says the key was rejected, chat gets a short apology, nothing is retried', async () => {
    const server = await startServer()
    server.enqueue(
      failWith(
        401,
        `Incorrect API key provided: ${TEST_KEY}. You can find your API key at https://platform.openai.com.`,
      ),
    )
    const b = await openaiBot(server)
    const failed = nextEvent(b, 'openai.failed')

    const [reply] = await b.receive('!ask hello?')

    expect(reply?.content).toBe(
      "Sorry, I can't answer right now: my AI service refused my credentials. The bot operator has been told.",
    )
    expect(server.requests).toHaveLength(1)
    const line = b.logs.find((l) => l.code === 'OPENAI_KEY_REJECTED')
    expect(line?.level).toBe(50)
    expect(line?.msg).toMatch(/rejected the API key \(HTTP 401\)/)
    expect((await failed).error.code).toBe('OPENAI_KEY_REJECTED')
    expect(keyNeverShown(b)).toBe(true)
    expect(b.plugins.get('openai')?.status).toBe('active')
  })

  it('429: retried after the Retry-After the server asked for, then answers', async () => {
    const server = await startServer()
    server.enqueue(failWith(429, 'slow down', { 'retry-after': '0.05' }), answer('Answer after the retry.'))
    const b = await openaiBot(server)

    const [reply] = await b.receive('!ask hi')

    expect(reply?.content).toBe('Answer after the retry.')
    expect(server.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1'])
  })

  it('429 that persists: maxRetries retries, then a polite message saying when to try again', async () => {
    const server = await startServer()
    server.fallback = failWith(429, 'Rate limit reached', { 'retry-after': '0.05' })
    const b = await openaiBot(server, { maxRetries: 2 })

    const [reply] = await b.receive('!ask hi')

    expect(server.requests).toHaveLength(3)
    expect(reply?.content).toBe(
      'Sorry, my AI service is getting too many requests right now. Please try again in 1 s.',
    )
    expect(b.logs.find((l) => l.code === 'OPENAI_RATE_LIMITED')?.level).toBe(40)
  })

  it('429 asking for a wait longer than maxRetryAfterMs: no retry, the user is told when to come back', async () => {
    const server = await startServer()
    server.fallback = failWith(429, 'Rate limit reached', { 'retry-after': '120' })
    const b = await openaiBot(server, { maxRetryAfterMs: 20_000 })

    const [reply] = await b.receive('!ask hi')

    expect(server.requests).toHaveLength(1)
    expect(reply?.content).toMatch(/Please try again in 2 min\.$/)
  })

  it('5xx: retried with backoff, then answers; a lasting 5xx gets a polite message', async () => {
    const server = await startServer()
    server.enqueue(failWith(503, 'overloaded', { 'retry-after-ms': '20' }), answer('Back again.'))
    const b = await openaiBot(server, { maxRetries: 1 })
    const [first] = await b.receive('!ask one')
    expect(first?.content).toBe('Back again.')

    server.fallback = failWith(500, 'internal error', { 'retry-after-ms': '20' })
    const [second] = await b.receive('!ask two')
    expect(second?.content).toBe('Sorry, my AI service is having trouble right now. Please try again in 1 s.')
    expect(server.requests).toHaveLength(4)
    expect(b.logs.find((l) => l.code === 'OPENAI_UNAVAILABLE')?.msg).toMatch(/HTTP 500/)
  })

  it('timeout before the first token: an apology once timeoutMs passed on the bot clock', async () => {
    const server = await startServer()
    server.enqueue(hang())
    const b = await openaiBot(server, { timeoutMs: 30_000 })
    const pending = b.receive('!ask are you there?')
    await server.waitForRequests(1)
    await b.clock.tickAsync(30_000)

    const [reply] = await pending

    expect(reply?.content).toBe('Sorry, the AI service took too long to answer. Please try again.')
    expect(b.logs.find((l) => l.code === 'OPENAI_TIMEOUT')?.msg).toMatch(/did not finish within 30000 ms/)
    expect(server.requests).toHaveLength(1)
  })

  it('timeout mid-stream: the partial answer is kept and marked as cut off', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server, { timeoutMs: 30_000 })
    const answered = nextEvent(b, 'openai.answered')
    const pending = b.receive('!ask tell me a long story')
    await stream.started
    stream.send('Once upon a time')
    await vi.waitFor(() => expect(b.sent[0]?.content).toBe('Once upon a time'))
    await b.clock.tickAsync(30_000)

    const [reply] = await pending

    expect(reply?.content).toBe('Once upon a time\n\n*(cut off: the AI service took too long)*')
    expect((await answered).finishReason).toBe('cut-off')
  })

  it('connection dropped mid-stream: the partial answer is kept and marked as cut off', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server)
    const pending = b.receive('!ask explain')
    await stream.started
    stream.send('The first half')
    await vi.waitFor(() => expect(b.sent[0]?.content).toBe('The first half'))
    stream.cut()

    const [reply] = await pending

    expect(reply?.content).toBe('The first half\n\n*(cut off: the connection to the AI service was lost)*')
    expect(b.logs.find((l) => l.code === 'OPENAI_CUT_OFF')?.level).toBe(40)
  })

  it('a stream that ends without a finish reason is marked as cut off too', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server)
    const pending = b.receive('!ask explain')
    await stream.started
    stream.send('Half an answer')
    stream.close()

    const [reply] = await pending

    expect(reply?.content).toBe('Half an answer\n\n*(cut off: the connection to the AI service was lost)*')
  })

  it('an answer stopped by the token cap says so', async () => {
    const server = await startServer()
    server.enqueue(answer('This answer runs out of', { finishReason: 'length' }))
    const b = await openaiBot(server, { maxTokens: 5 })
    const [reply] = await b.receive('!ask long one')
    expect(reply?.content).toBe('This answer runs out of\n\n*(cut off: the answer reached its length limit)*')
    expect(server.requests[0]?.body.max_tokens).toBe(5)
  })

  it('a server nobody listens on: a polite message after the retries', async () => {
    const server = await startServer()
    const url = server.url
    await server.close()
    const b = await openaiBot(server, { baseURL: url, maxRetries: 0 })
    const [reply] = await b.receive('!ask anyone?')
    expect(reply?.content).toBe("Sorry, I can't reach my AI service right now. Please try again later.")
    expect(b.logs.find((l) => l.code === 'OPENAI_UNREACHABLE')?.msg).toContain(
      `could not reach the AI service at ${url}`,
    )
  })

  it('404 for an unknown model: the log names the model', async () => {
    const server = await startServer()
    server.enqueue(failWith(404, 'The model `gpt-nope` does not exist'))
    const b = await openaiBot(server, { model: 'gpt-nope' })
    const [reply] = await b.receive('!ask hi')
    expect(reply?.content).toMatch(/my AI model is not available/)
    expect(b.logs.find((l) => l.code === 'OPENAI_MODEL_NOT_FOUND')?.msg).toMatch(
      /does not know model "gpt-nope"/,
    )
  })

  it('the API key never appears in logs, errors or chat, whatever fails', async () => {
    const server = await startServer()
    const echo = `key ${TEST_KEY} and Bearer ${TEST_KEY}`
    server.enqueue(
      failWith(401, echo),
      failWith(403, echo),
      failWith(400, echo),
      failWith(500, echo, { 'x-should-retry': 'false' }),
      failWith(429, echo, { 'retry-after': '999' }),
      failWith(401, echo),
    )
    const b = await openaiBot(server, { maxRetries: 0 }, { logLevel: 'trace' })
    for (let i = 0; i < 5; i++) await b.receive(`!ask question ${i}`)
    const error = await aiService(b)
      .generate('hi')
      .catch((e: unknown) => e as Error & { code: string })
    expect(error).toMatchObject({ code: 'OPENAI_KEY_REJECTED' })
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(TEST_KEY)
    expect(server.requests).toHaveLength(6)
    expect(b.logText()).toContain('[redacted]')
    expect(keyNeverShown(b)).toBe(true)
  })
})
