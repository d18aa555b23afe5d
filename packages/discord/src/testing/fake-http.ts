import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type FakeCall, type FakeReply, readBody } from './fake-call.js'
import { matchRoute } from './fake-rest.js'
import { NOT_FOUND, type RestContext } from './fake-router.js'
import type { FakeWorld } from './fake-world.js'

/** A pending 429 set by `rateLimitNext`. */
interface RateLimit {
  readonly pattern: string | RegExp
  readonly method: string | undefined
  readonly retryAfter: number
  readonly global: boolean
}

/** What {@link FakeHttp} needs from the fake. */
export interface FakeHttpOptions {
  readonly world: FakeWorld
  /** The bot token REST routes accept (any when undefined). */
  readonly token: string | undefined
  /** The context REST handlers run with. */
  context(): RestContext
  /** Takes over a WebSocket upgrade to `/gateway`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
}

const API_PREFIX = '/api/v10'

/**
 * The fake's HTTP side: one server on 127.0.0.1 serving REST under `/api/v10`, the CDN route of
 * attachments and the gateway upgrade; records every call and can answer the next one with a 429.
 */
export class FakeHttp {
  /** Every HTTP request answered, in order. */
  readonly calls: FakeCall[] = []
  readonly #server: Server
  readonly #options: FakeHttpOptions
  readonly #limits: RateLimit[] = []
  readonly #waiters = new Set<() => void>()
  #base = ''

  constructor(options: FakeHttpOptions) {
    this.#options = options
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ code: 0, message: `fake Discord failed: ${(error as Error).message}` }))
      })
    })
    this.#server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname === '/gateway') options.upgrade(req, socket, head)
      else socket.destroy()
    })
  }

  /** `http://127.0.0.1:PORT` once listening. */
  get base(): string {
    return this.#base
  }

  /** Listens on 127.0.0.1 on a free port. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(0, '127.0.0.1', () => resolve())
    })
    this.#base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this.#base
  }

  /** Closes every connection (discord.js keeps them alive) and the server. */
  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** Queues a 429 for the next call matching. */
  rateLimitNext(
    pattern: string | RegExp,
    retryAfter: number,
    method: string | undefined,
    global: boolean,
  ): void {
    this.#limits.push({ pattern, method, retryAfter, global })
  }

  /**
   * Resolves with what `find` returns once it returns something, checking now and after every call;
   * rejects after `timeoutMs` listing the calls seen.
   */
  until<Found>(find: () => Found | undefined, timeoutMs: number, what: string): Promise<Found> {
    const now = find()
    if (now !== undefined) return Promise.resolve(now)
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find()
        if (found === undefined) return
        clearTimeout(timer)
        this.#waiters.delete(check)
        resolve(found)
      }
      const timer = setTimeout(() => {
        this.#waiters.delete(check)
        const seen = this.calls.map((c) => `${c.method} ${c.path} → ${c.status}`).join('\n  ')
        reject(
          new Error(`fake Discord: no ${what} within ${timeoutMs} ms; calls so far:\n  ${seen || '(none)'}`),
        )
      }, timeoutMs)
      this.#waiters.add(check)
    })
  }

  #takeRateLimit(method: string, path: string): RateLimit | undefined {
    const at = this.#limits.findIndex(
      (l) =>
        (l.method === undefined || l.method === method) &&
        (typeof l.pattern === 'string' ? l.pattern === path : l.pattern.test(path)),
    )
    return at === -1 ? undefined : this.#limits.splice(at, 1)[0]
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#base)
    const method = req.method ?? 'GET'
    const { body, files, malformed } = await readBody(req)
    const isApi = url.pathname.startsWith(`${API_PREFIX}/`)
    const path = isApi ? url.pathname.slice(API_PREFIX.length) : url.pathname
    const reply = malformed
      ? { status: 400, json: { code: 50109, message: 'The request body contains invalid JSON.' } }
      : this.#answer(method, path, isApi, url.searchParams, body, files, req)
    const response = reply.raw ? undefined : reply.json
    res.writeHead(reply.status, {
      ...(reply.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    })
    res.end(reply.raw ?? (reply.json === undefined ? undefined : JSON.stringify(reply.json)))
    this.calls.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      headers: req.headers,
      status: reply.status,
      response,
    })
    for (const waiter of [...this.#waiters]) waiter()
  }

  #answer(
    method: string,
    path: string,
    isApi: boolean,
    query: URLSearchParams,
    body: unknown,
    files: FakeCall['files'],
    req: IncomingMessage,
  ): FakeReply {
    if (!isApi) {
      const cdn = /^\/cdn\/attachments\/(\d+)\/(\d+)\/[^/]+$/.exec(path)
      const file = cdn ? this.#options.world.files.get(`${cdn[1]}/${cdn[2]}`) : undefined
      if (method !== 'GET' || !file) return NOT_FOUND
      return {
        status: 200,
        raw: file.data,
        headers: { 'content-type': file.contentType ?? 'application/octet-stream' },
      }
    }
    const limit = this.#takeRateLimit(method, path)
    if (limit) {
      return {
        status: 429,
        json: { message: 'You are being rate limited.', retry_after: limit.retryAfter, global: limit.global },
        headers: {
          'retry-after': String(limit.retryAfter),
          ...(limit.global ? { 'x-ratelimit-global': 'true' } : {}),
          'x-ratelimit-scope': limit.global ? 'global' : 'user',
        },
      }
    }
    const route = matchRoute(method, path)
    if (!route) return NOT_FOUND
    const token = this.#options.token
    if (route.auth && token !== undefined && req.headers.authorization !== `Bot ${token}`) {
      return { status: 401, json: { code: 0, message: '401: Unauthorized' } }
    }
    return route.handler(this.#options.context(), route.params, {
      method,
      path,
      query,
      body,
      files,
      headers: req.headers,
    })
  }
}
