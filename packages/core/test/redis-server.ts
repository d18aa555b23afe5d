import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Whether `binary` is on PATH. */
export function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Decides whether an integration suite can run: true when `binary` is on PATH. Otherwise prints one
 * loud line and returns false, except under `CI=true`, where a missing binary fails the suite.
 */
export function integration(binary: string, suite: string): boolean {
  if (onPath(binary)) return true
  if (process.env.CI === 'true')
    throw new Error(`${suite}: ${binary} is not on PATH, and CI=true forbids skipping`)
  console.warn(`\n*** SKIPPED ${suite}: ${binary} is not on PATH (install it to run these tests) ***\n`)
  return false
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** A redis-server of the test's own. */
export interface RedisServer {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

/** Starts redis-server on a free port with nothing persisted, and waits until it answers. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'banter-redis-'))
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  )
  for (let i = 0; i < 100; i++) {
    if (await ping(port)) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    socket.once('error', () => resolve(false))
    socket.connect(port, '127.0.0.1', () => {
      socket.write('PING\r\n')
      socket.once('data', (data) => {
        socket.destroy()
        resolve(data.toString().startsWith('+PONG'))
      })
    })
  })
}
