import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** One request the sink saw. */
export interface SinkRequest {
  readonly path: string
  readonly key: string | undefined
  readonly body: unknown
}

/**
 * A local HTTP receiver that honours idempotency keys, like a well-behaved API: every request is
 * logged, but each key's effect is recorded once. Paths can be told to fail or to hang.
 */
export interface Sink {
  readonly url: string
  /** Every request, in order. */
  readonly requests: SinkRequest[]
  /** Effects by key: recorded once per key. */
  readonly effects: Map<string, SinkRequest>
  /** Answers for the next requests to a path (status codes), used up in order. */
  readonly script: Map<string, number[]>
  /** Paths whose requests hang until `release(path)`. */
  hold(path: string): Promise<SinkRequest>
  /** Lets held requests to `path` answer. */
  release(path: string): void
  close(): Promise<void>
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return text
  }
}

/** Starts a {@link Sink} on 127.0.0.1 and a free port. */
export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = []
  const effects = new Map<string, SinkRequest>()
  const script = new Map<string, number[]>()
  const held = new Map<string, { waiters: ServerResponse[]; seen: ((r: SinkRequest) => void)[] }>()
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req)
    const path = (req.url ?? '/').split('?')[0] as string
    const keyHeader = req.headers['idempotency-key']
    const key = typeof keyHeader === 'string' ? keyHeader : (body as { nonce?: string } | undefined)?.nonce
    const entry: SinkRequest = { path, key, body }
    requests.push(entry)
    const status = script.get(path)?.shift() ?? 200
    if (status < 300 && key !== undefined && !effects.has(key)) effects.set(key, entry)
    const hold = held.get(path)
    if (hold) {
      for (const notify of hold.seen.splice(0)) notify(entry)
      hold.waiters.push(res)
      res.on('close', () => undefined)
      return
    }
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: status < 300, path, id: `${path}#${requests.length}` }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    effects,
    script,
    hold(path) {
      const entry = held.get(path) ?? { waiters: [], seen: [] }
      held.set(path, entry)
      return new Promise((resolve) => entry.seen.push(resolve))
    },
    release(path) {
      const entry = held.get(path)
      held.delete(path)
      for (const res of entry?.waiters ?? []) {
        if (!res.writableEnded && !res.destroyed) {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ ok: true, path }))
        }
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
