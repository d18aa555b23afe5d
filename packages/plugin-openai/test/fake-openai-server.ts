import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request the fake server received. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  // biome-ignore lint/suspicious/noExplicitAny: the parsed JSON body of a chat completion request
  readonly body: any
}

/** Answers one request. */
export type Responder = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>

const MODEL = 'fake-model'
let ids = 0

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  const body = {
    id: `chatcmpl-${ids}`,
    object: 'chat.completion.chunk',
    created: 1_790_000_000,
    model: MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  }
  return `data: ${JSON.stringify(body)}\n\n`
}

function startSse(res: ServerResponse): void {
  ids += 1
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.flushHeaders()
  res.write(chunk({ role: 'assistant', content: '' }))
}

function completion(message: Record<string, unknown>, finishReason: string) {
  ids += 1
  return {
    id: `chatcmpl-${ids}`,
    object: 'chat.completion',
    created: 1_790_000_000,
    model: MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', refusal: null, ...message },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  }
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Splits a text into pieces of `size` characters (the "tokens" of a stream). */
export function pieces(text: string, size: number): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

/** Answers with `text`: streamed in pieces when the request asks for a stream, whole otherwise. */
export function answer(text: string, options: { size?: number; finishReason?: string } = {}): Responder {
  return (request, res) => {
    const finishReason = options.finishReason ?? 'stop'
    if (!request.body?.stream) return json(res, 200, completion({ content: text }, finishReason))
    startSse(res)
    for (const piece of pieces(text, options.size ?? 4)) res.write(chunk({ content: piece }))
    res.write(chunk({}, finishReason))
    res.end('data: [DONE]\n\n')
  }
}

/** Asks the client to call a function tool with `args` (streamed after `say`, when given). */
export function toolCall(name: string, args: Record<string, unknown>, say?: string): Responder {
  return (request, res) => {
    const id = `call_${ids + 1}`
    const argsText = JSON.stringify(args)
    if (!request.body?.stream) {
      return json(
        res,
        200,
        completion(
          {
            content: say ?? null,
            tool_calls: [{ id, type: 'function', function: { name, arguments: argsText } }],
          },
          'tool_calls',
        ),
      )
    }
    startSse(res)
    if (say) res.write(chunk({ content: say }))
    const half = Math.floor(argsText.length / 2)
    res.write(
      chunk({
        tool_calls: [
          { index: 0, id, type: 'function', function: { name, arguments: argsText.slice(0, half) } },
        ],
      }),
    )
    res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: argsText.slice(half) } }] }))
    res.write(chunk({}, 'tool_calls'))
    res.end('data: [DONE]\n\n')
  }
}

/** Fails with an HTTP status, an OpenAI-style error body and headers (`retry-after`, ...). */
export function failWith(
  status: number,
  message = `fake failure ${status}`,
  headers: Record<string, string> = {},
): Responder {
  return (_request, res) =>
    json(res, status, { error: { message, type: 'fake_error', param: null, code: null } }, headers)
}

/** Never answers (the socket stays open until the server closes). */
export function hang(): Responder {
  return () => undefined
}

/** A stream the test writes by hand. */
export interface ManualStream {
  /** Resolves when the response headers went out. */
  readonly started: Promise<void>
  /** Resolves when the connection closed (the client ended the request, or the stream ended). */
  readonly closed: Promise<void>
  /** Sends a piece of content. */
  send(text: string): void
  /** Ends normally with a finish reason. */
  finish(reason?: string): void
  /** Ends the response without a finish reason or `[DONE]` (a clean close mid-way). */
  close(): void
  /** Destroys the connection mid-way. */
  cut(): void
}

/** A responder and the handle to drive its stream. */
export function manual(): { responder: Responder; stream: ManualStream } {
  let res: ServerResponse | undefined
  let markStarted!: () => void
  const started = new Promise<void>((resolve) => {
    markStarted = resolve
  })
  let markClosed!: () => void
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve
  })
  const live = () => {
    if (!res) throw new Error('the manual stream has not started')
    return res
  }
  return {
    responder: (_request, response) => {
      res = response
      response.once('close', markClosed)
      startSse(response)
      markStarted()
    },
    stream: {
      started,
      closed,
      send: (text) => live().write(chunk({ content: text })),
      finish: (reason = 'stop') => {
        live().write(chunk({}, reason))
        live().end('data: [DONE]\n\n')
      },
      close: () => live().end(),
      cut: () => live().socket?.destroy(),
    },
  }
}

/**
 * A local OpenAI-compatible server for tests: `POST /v1/chat/completions`, answered by the queued
 * responders in order (then by `fallback`), every request recorded.
 */
export class FakeOpenAIServer {
  /** Every request, in order. */
  readonly requests: RecordedRequest[] = []
  /** Answers requests when the queue is empty. */
  fallback: Responder = answer('fallback answer')
  readonly #server: Server
  readonly #queue: Responder[] = []
  readonly #waiters: { count: number; resolve: () => void }[] = []
  #url = ''

  private constructor() {
    this.#server = createServer((req, res) => {
      const parts: Buffer[] = []
      req.on('data', (part: Buffer) => parts.push(part))
      req.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8')
        let body: unknown
        try {
          body = text ? JSON.parse(text) : undefined
        } catch {
          body = text
        }
        const request: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body,
        }
        this.requests.push(request)
        for (const waiter of [...this.#waiters]) {
          if (this.requests.length >= waiter.count) {
            this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
            waiter.resolve()
          }
        }
        if (request.method !== 'POST' || !request.path.endsWith('/chat/completions')) {
          return json(res, 404, { error: { message: `no route ${request.path}`, type: 'not_found' } })
        }
        void (this.#queue.shift() ?? this.fallback)(request, res)
      })
    })
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(): Promise<FakeOpenAIServer> {
    const server = new FakeOpenAIServer()
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve))
    const { port } = server.#server.address() as AddressInfo
    server.#url = `http://127.0.0.1:${port}/v1`
    return server
  }

  /** The base URL to give the client (`http://127.0.0.1:<port>/v1`). */
  get url(): string {
    return this.#url
  }

  /** Queues responders for the next requests. */
  enqueue(...responders: Responder[]): this {
    this.#queue.push(...responders)
    return this
  }

  /** Resolves once `count` requests in all have arrived. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push({ count, resolve }))
  }

  /** Closes the server and every open connection. */
  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}
