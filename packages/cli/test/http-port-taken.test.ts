import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { finished, spawnCli, tempDir } from './helpers.js'

let cleanup: (() => void) | undefined
let blocker: Server | undefined
afterEach(async () => {
  cleanup?.()
  cleanup = undefined
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)))
  blocker = undefined
})

/** Listens on a free port of 127.0.0.1, as another program would, and returns the port. */
async function takePort(): Promise<number> {
  const server = createServer()
  blocker = server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return typeof address === 'object' && address ? address.port : 0
}

describe('a taken HTTP port prints a raw EADDRINUSE stack', () => {
  it('banter start says which host:port is taken, where it is set and what to do, and exits 1', async () => {
    const port = await takePort()
    const t = tempDir({
      'banter.config.yaml': `storage: memory\nhttp:\n  host: 127.0.0.1\n  port: ${port}\nplugins:\n  timestamp: {}\n`,
    })
    cleanup = t.cleanup
    const child = spawnCli(['start', '-c', t.path('banter.config.yaml')])
    child.stdin?.end('!ping\n')
    const { code, stdout, stderr } = await finished(child)
    expect(code).toBe(1)
    expect(stderr).toContain(
      `the HTTP server cannot listen on 127.0.0.1:${port} (http.port in ${t.path('banter.config.yaml')}:4:3): another program, or another bot, already listens there\n  → Stop the program on port ${port}`,
    )
    expect(stderr).toContain('or set http.port to a free port (0 picks one), or http.enabled: false.')
    expect(stderr).not.toContain('EADDRINUSE')
    expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    // The port is taken before the bot connects or answers anything.
    expect(stderr).not.toContain('bot ready')
    expect(stdout).not.toContain('pong')
  })
})
