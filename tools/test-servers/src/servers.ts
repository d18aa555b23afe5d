import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
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
 * Whether an integration suite can run: true when `binary` is on PATH. Otherwise it prints ONE loud
 * line and returns false, so the suite skips (`describe.skipIf(!integration('redis-server', '…'))`),
 * except under `CI=true`, where a missing binary throws: in CI a skip is a failure.
 */
export function integration(binary: string, suite: string): boolean {
  if (onPath(binary)) return true
  if (process.env.CI === 'true')
    throw new Error(`${suite}: ${binary} is not on PATH, and CI=true forbids skipping`)
  process.stderr.write(
    `\n*** SKIPPED ${suite}: ${binary} is not on PATH (install it to run these tests) ***\n\n`,
  )
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
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.setTimeout(500)
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.on('error', () => resolve(false))
    socket.on('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** A redis-server a test started on its own port and folder. */
export interface TestRedis {
  /** Its port on 127.0.0.1. */
  readonly port: number
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string
  /** Its data folder. */
  readonly dir: string
  /** Saves the data (`SHUTDOWN SAVE`) and stops; `start()` brings it back with that data. */
  shutdown(): Promise<void>
  /** Starts it again on the same port and folder (after `shutdown`). */
  start(): Promise<void>
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>
}

/**
 * Starts a private redis-server (it must be on PATH) on a free port: nothing persisted, `--hz 100` so
 * delayed jobs are promoted promptly, data in a temp folder. Never the shared server on 6379, so tests
 * share no state.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer()
 * const bot = await createTestBot({ config: { storage: redis.url } })
 * await redis.stop()
 * ```
 */
export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'banter-redis-'))
  let child: ChildProcess | undefined
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--hz',
    '100',
  ]
  const launch = async () => {
    child = spawn('redis-server', [...args, '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    })
    for (let i = 0; i < 200; i++) {
      if (await ping(port)) return
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`redis-server did not start on port ${port}`)
  }
  const exited = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
    })
  await launch()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async shutdown() {
      const socket = connect(port, '127.0.0.1')
      socket.on('error', () => undefined)
      socket.write('SHUTDOWN SAVE\r\n')
      await exited()
      socket.destroy()
    },
    start: launch,
    async stop() {
      child?.kill('SIGTERM')
      await exited()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
