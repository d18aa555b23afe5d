import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function onPath(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Whether redis-server is on PATH. */
export const hasRedis = onPath('redis-server')

/**
 * Call at the top of a test file that needs Redis: without redis-server it prints ONE loud line and
 * the suite skips; under CI=true a missing binary fails instead.
 */
export function redisOrSkip(suite: string): boolean {
  if (hasRedis) return true
  if (process.env.CI === 'true')
    throw new Error(`redis-server is not on PATH, and CI=true: ${suite} cannot run`)
  console.warn(`SKIPPED: redis-server not on PATH: ${suite} (apt-get install redis-server)`)
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

/** A redis-server the test started on its own port, in its own temp folder. */
export interface TestRedis {
  readonly port: number
  readonly url: string
  readonly dir: string
  /** Saves the data (SHUTDOWN SAVE) and stops; `start()` brings it back with that data. */
  shutdown(): Promise<void>
  /** Starts it again on the same port and folder. */
  start(): Promise<void>
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>
}

/**
 * Starts redis-server on a free port: no persistence (`--save "" --appendonly no`), `--hz 100` so
 * delayed jobs are promoted promptly, pidfile and data in a temp folder.
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'banter-wf-redis-'))
  let child: ChildProcess | undefined
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
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
        '--dir',
        dir,
        '--pidfile',
        join(dir, 'redis.pid'),
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    )
    for (let i = 0; i < 200; i++) {
      if (await ping(port)) return
      await new Promise((r) => setTimeout(r, 25))
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
      child?.kill('SIGKILL')
      await exited()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
