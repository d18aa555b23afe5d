import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ClamdClient } from './clamd-client.js'

type Behaviour = (socket: Socket, stream: Promise<Buffer>) => void

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close()
  }
})

/**
 * A fake clamd that parses INSTREAM framing (command, length-prefixed chunks, zero terminator) and
 * then behaves as told: reply, stay silent, hang up.
 */
async function fakeClamd(behave: Behaviour): Promise<{ port: number; connections: () => number }> {
  let connections = 0
  const server = createServer((socket) => {
    connections += 1
    let resolveStream: (data: Buffer) => void = () => {}
    const stream = new Promise<Buffer>((resolve) => {
      resolveStream = resolve
    })
    let buffer = Buffer.alloc(0)
    let at = -1
    const payload: Buffer[] = []
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data])
      if (at === -1) {
        if (buffer.length < 10 || buffer.subarray(0, 10).toString() !== 'zINSTREAM\0') return
        at = 10
      }
      while (at >= 0 && buffer.length >= at + 4) {
        const length = buffer.readUInt32BE(at)
        if (length === 0) {
          resolveStream(Buffer.concat(payload))
          at = -2
          return
        }
        if (buffer.length < at + 4 + length) return
        payload.push(buffer.subarray(at + 4, at + 4 + length))
        at += 4 + length
      }
    })
    socket.on('error', () => {})
    behave(socket, stream)
  })
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { port: address.port, connections: () => connections }
}

function client(port: number, overrides: Partial<ConstructorParameters<typeof ClamdClient>[0]> = {}) {
  return new ClamdClient({
    address: { host: '127.0.0.1', port },
    connectTimeoutMs: 1000,
    scanTimeoutMs: 1000,
    streamMaxLength: 10 * 1024 * 1024,
    chunkSize: 1024,
    ...overrides,
  })
}

const replyAfterStream =
  (reply: string): Behaviour =>
  (socket, stream) => {
    void stream.then(() => socket.end(`${reply}\0`))
  }

describe('ClamdClient.scan', () => {
  it('sends the bytes framed in chunks and reads stream: OK as clean', async () => {
    let received: Buffer | undefined
    const { port } = await fakeClamd((socket, stream) => {
      void stream.then((data) => {
        received = data
        socket.end('stream: OK\0')
      })
    })
    const bytes = Buffer.from('x'.repeat(5000))
    expect(await client(port).scan(bytes)).toEqual({ verdict: 'clean', threats: [] })
    expect(received?.equals(bytes)).toBe(true)
  })

  it('sends a zero-byte stream as the command and the terminator only', async () => {
    const { port } = await fakeClamd(replyAfterStream('stream: OK'))
    expect((await client(port).scan(new Uint8Array(0))).verdict).toBe('clean')
  })

  it('reads the threat name of a FOUND reply, .UNOFFICIAL suffix included', async () => {
    const { port } = await fakeClamd(replyAfterStream('stream: Eicar-Signature.UNOFFICIAL FOUND'))
    expect(await client(port).scan(Buffer.from('bad'))).toEqual({
      verdict: 'infected',
      threats: [{ name: 'Eicar-Signature.UNOFFICIAL', engine: 'clamav' }],
    })
  })

  it('never calls anything but stream: OK clean', async () => {
    for (const reply of ['stream: ok', 'OK', 'stream: OK extra', 'UNKNOWN COMMAND', 'stream: ERROR']) {
      const { port } = await fakeClamd(replyAfterStream(reply))
      const result = await client(port).scan(Buffer.from('data'))
      expect(result.verdict, reply).toBe('error')
      expect(result.error).toMatch(/^ANTIVIRUS_CLAMD_REPLY: clamd replied/)
    }
  })

  it('keeps the size-limit reply clamd sends before closing', async () => {
    const { port } = await fakeClamd((socket) => {
      socket.once('data', () => socket.end('INSTREAM size limit exceeded. ERROR\0'))
    })
    const result = await client(port, { chunkSize: 65536 }).scan(Buffer.alloc(64 * 1024))
    expect(result.verdict).toBe('error')
    expect(result.error).toContain('size limit exceeded')
  })

  it('refuses files over streamMaxLength without connecting', async () => {
    const server = await fakeClamd(replyAfterStream('stream: OK'))
    const result = await client(server.port, { streamMaxLength: 100 }).scan(Buffer.alloc(101))
    expect(result.verdict).toBe('error')
    expect(result.error).toMatch(/^ANTIVIRUS_FILE_TOO_LARGE: 101 bytes is more than clamd's StreamMaxLength/)
    expect(server.connections()).toBe(0)
  })

  it('treats a connection closed without a reply as an error', async () => {
    const { port } = await fakeClamd((socket, stream) => {
      void stream.then(() => socket.end())
    })
    const result = await client(port).scan(Buffer.from('data'))
    expect(result.verdict).toBe('error')
    expect(result.error).toMatch(/closed the connection without a reply/)
  })

  it('treats a connection dropped in the middle of the upload as an error', async () => {
    const { port } = await fakeClamd((socket) => {
      socket.once('data', () => socket.resetAndDestroy())
    })
    const result = await client(port, { chunkSize: 16 * 1024 }).scan(Buffer.alloc(8 * 1024 * 1024))
    expect(result.verdict).toBe('error')
    expect(result.error).toMatch(/^ANTIVIRUS_CLAMD_(UNREACHABLE|REPLY): /)
  })

  it('gives up on a clamd that never answers after scanTimeoutMs', async () => {
    const { port } = await fakeClamd(() => {})
    const result = await client(port, { scanTimeoutMs: 150 }).scan(Buffer.from('data'))
    expect(result).toEqual({
      verdict: 'error',
      threats: [],
      error: `ANTIVIRUS_CLAMD_TIMEOUT: clamd at 127.0.0.1:${port} did not reply within 150 ms`,
    })
  })

  it('reports a refused connection', async () => {
    const { port } = await fakeClamd(() => {})
    for (const server of servers.splice(0)) server.close()
    const result = await client(port).scan(Buffer.from('data'))
    expect(result.verdict).toBe('error')
    expect(result.error).toBe(
      `ANTIVIRUS_CLAMD_UNREACHABLE: cannot connect to clamd at 127.0.0.1:${port} (ECONNREFUSED)`,
    )
  })

  it('stops when the signal aborts', async () => {
    const { port } = await fakeClamd(() => {})
    const controller = new AbortController()
    const pending = client(port, { scanTimeoutMs: 10_000 }).scan(Buffer.from('data'), controller.signal)
    setTimeout(() => controller.abort(), 20)
    const result = await pending
    expect(result.verdict).toBe('error')
    expect(result.error).toMatch(/^ANTIVIRUS_DEADLINE: /)
  })
})

describe('ClamdClient.ping and version', () => {
  it('answers PONG and the version', async () => {
    const { port } = await fakeClamd((socket) => {
      socket.once('data', (data) => {
        socket.end(data.toString() === 'zPING\0' ? 'PONG\0' : 'ClamAV 1.4.6/0/Thu Jan  1 00:00:00 1970\0')
      })
    })
    expect(await client(port).ping()).toBe(true)
    expect(await client(port).version()).toBe('ClamAV 1.4.6/0/Thu Jan  1 00:00:00 1970')
  })
})
