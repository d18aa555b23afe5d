import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { hostPort, listenError } from './listen-error.js'

/** A request listener of `node:http`. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void

/**
 * The bot's HTTP port, bound with `node:http` alone before the bot starts: a taken port fails the
 * start before the bot connects anywhere, and plugins learn the server's URL while they initialize,
 * yet fastify and prom-client load only after the bot reported ready. Until {@link serve} hands the
 * requests to the full server, every request is answered `503` (starting), `/readyz` included.
 */
export interface BoundPort {
  /** The `node:http` server, listening. */
  readonly server: Server
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  /** The port it listens on. */
  readonly port: number
  /** Hands every request from now on to `handler`. */
  serve(handler: RequestHandler): void
  /** Stops listening (idle connections are closed at once, busy ones when they finish). */
  close(): Promise<void>
}

/** What a request gets while the full server is loading. */
function starting(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' })
  response.end(
    JSON.stringify({
      ready: false,
      bot: 'starting',
      hint: 'The bot is starting and its HTTP server is not serving yet; try again in a moment.',
    }),
  )
}

/**
 * Listens on `host:port` (0 picks a free port). A failed listen rejects with the same error the full
 * server would give (see {@link listenError}); `configured` says where the address is set.
 */
export async function bindHttpPort(host: string, port: number, configured?: string): Promise<BoundPort> {
  let handler: RequestHandler = starting
  const server = createServer((request, response) => handler(request, response))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port }, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: unknown) => {
    server.close()
    throw listenError(error, host, port, configured)
  })
  const address = server.address()
  const bound = typeof address === 'object' && address ? address.port : port
  let closing: Promise<void> | undefined
  return {
    server,
    url: `http://${hostPort(host, bound)}`,
    port: bound,
    serve: (next) => {
      handler = next
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      return closing
    },
  }
}
