import type { ServerResponse } from 'node:http'

/** Server-sent events to every open dashboard: status changes and live counters. */
export class LiveEvents {
  readonly #clients = new Set<ServerResponse>()

  /** Number of open streams. */
  get size(): number {
    return this.#clients.size
  }

  /** Turns a response into an event stream until the browser goes away. */
  open(response: ServerResponse): void {
    response.statusCode = 200
    response.setHeader('content-type', 'text/event-stream; charset=utf-8')
    response.setHeader('cache-control', 'no-store')
    response.setHeader('connection', 'keep-alive')
    response.flushHeaders()
    response.write('retry: 2000\n\n')
    this.#clients.add(response)
    response.on('close', () => this.#clients.delete(response))
  }

  /** Sends one event to every stream. */
  send(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    for (const client of this.#clients) client.write(frame)
  }

  /** Ends every stream (the plugin stops). */
  close(): void {
    for (const client of this.#clients) client.end()
    this.#clients.clear()
  }
}
