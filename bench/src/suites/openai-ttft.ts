/**
 * Time to first token through the OpenAI plugin vs a direct `openai` SDK stream, against the same
 * local OpenAI-compatible server, in one run. The server streams its first token at once, so what is
 * measured is the client side: the SDK, and what the plugin adds on top (the command, storage reads
 * for limits and memory, the outbound pipeline and the adapter send of the first chat message).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { AIService } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { OpenAIPlugin } from '@banter/plugin-openai'
import OpenAI from 'openai'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchSuite, BenchSuiteResult } from '../types.js'

const KEY = 'sk-bench-not-a-real-key'
const TOKENS = ['The', ' answer', ' is', ' forty', '-two', '.']

/** A minimal OpenAI-compatible server: every chat completion streams TOKENS at once. */
async function startServer(): Promise<{ url: string; server: Server }> {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'bench-model',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(chunk({ role: 'assistant', content: '' }))
      for (const token of TOKENS) res.write(chunk({ content: token }))
      res.write(chunk({}, 'stop'))
      res.end('data: [DONE]\n\n')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server }
}

/** Direct SDK: request start to the first content chunk (the stream is then drained). */
async function directTtft(client: OpenAI): Promise<number> {
  const started = performance.now()
  const stream = await client.chat.completions.create({
    model: 'bench-model',
    stream: true,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the answer?' },
    ],
  })
  let first: number | undefined
  for await (const chunk of stream) {
    if (first === undefined && chunk.choices[0]?.delta?.content) first = performance.now()
  }
  return (first ?? performance.now()) - started
}

/** The plugin's `ai` service: call to the first chunk (drained). */
async function serviceTtft(ai: AIService): Promise<number> {
  const started = performance.now()
  let first: number | undefined
  for await (const _ of ai.stream('What is the answer?')) first ??= performance.now()
  return (first ?? performance.now()) - started
}

/** Through chat: a user's `!ask` to the first chat message of the answer (then waits for the end). */
async function chatTtft(b: TestBot, channelId: string): Promise<number> {
  let first: number | undefined
  const off = b.events.on('message.sent', ({ message }) => {
    if (first === undefined && message.channelId === channelId && message.source === 'openai')
      first = performance.now()
  })
  const started = performance.now()
  await b.receive({ content: '!ask What is the answer?', channelId })
  off()
  if (first === undefined) throw new Error('the plugin posted no answer')
  return first - started
}

const suite: BenchSuite = {
  name: 'openai-ttft',
  description:
    'time to first token: !ask through the OpenAI plugin vs a direct openai SDK stream, same local server',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    const perRound = options.quick ? 10 : 40
    const warmup = options.quick ? 5 : 20
    const { url, server } = await startServer()
    const client = new OpenAI({ apiKey: KEY, baseURL: url, maxRetries: 0 })
    const b = await createTestBot({
      clock: 'real',
      logLevel: 'warn',
      plugins: [
        [OpenAIPlugin, { apiKey: KEY, baseURL: url, rateLimit: false, maxRetries: 0, editIntervalMs: 1000 }],
      ],
    })
    const ai = b.bot.services.get('ai') as AIService
    const direct: number[] = []
    const service: number[] = []
    const chat: number[] = []
    const overhead: number[] = []
    let asked = 0
    try {
      for (let i = 0; i < warmup; i++) {
        await directTtft(client)
        await serviceTtft(ai)
        await chatTtft(b, `warmup-${asked++}`)
      }
      for (let round = 0; round < options.rounds; round++) {
        const d: number[] = []
        const s: number[] = []
        const c: number[] = []
        // Interleaved, so that drift on a shared machine hits all three alike. Every ask uses a fresh
        // channel: its memory is empty, so every request has the same size.
        for (let i = 0; i < perRound; i++) {
          d.push(await directTtft(client))
          s.push(await serviceTtft(ai))
          c.push(await chatTtft(b, `bench-${asked++}`))
        }
        direct.push(median(d))
        service.push(median(s))
        chat.push(median(c))
        overhead.push(median(c) - median(d))
      }
    } finally {
      await b.stop()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    const ratios: BenchRatio[] = [
      {
        name: 'plugin !ask / direct SDK, time to first token',
        value: median(chat) / median(direct),
        description:
          'how many times longer the first token takes to reach chat than a bare SDK stream; >1 is overhead',
      },
    ]
    return {
      suite: 'openai-ttft',
      rows: [
        row('time to first token, direct openai SDK stream', 'ms', direct),
        row('time to first token, ai service stream (plugin, no chat)', 'ms', service),
        row('time to first token, !ask to first chat message (plugin)', 'ms', chat),
        row('added overhead of the plugin in chat (per-round median difference)', 'ms', overhead),
      ],
      ratios,
      notes: [
        `each round: median of ${perRound} requests of each kind, interleaved, after ${warmup} warm-up requests of each`,
        'local fake server on 127.0.0.1 streams its first token at once; bot on the TestAdapter with the real clock and memory storage',
        'the chat figure includes the !ask command, rate-limit and memory reads in storage, the outbound pipeline and the adapter send',
      ],
    }
  },
}

export default suite
