import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { accessSync, constants } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { EICAR } from '../engines/builtin/eicar.js'
import { ClamdClient } from '../engines/clamav/clamd-client.js'
import {
  BLOCKLISTED_PAYLOAD,
  BLOCKLISTED_PAYLOAD_NAME,
  sha256Hex,
  TEST_MARKER,
  TEST_MARKER_NAME,
} from './samples.js'

/** MD5 and size of Debian's harmless `clamav-testfiles/clam.exe`, as ClamAV's own tests list it. */
export const CLAM_TEST_FILE_HDB = 'aa15bcf478d165efd2065190eb473bcb:544:ClamAV-Test-File'

/** Options of {@link startClamd}. */
export interface StartClamdOptions {
  /** Extra `.ndb` lines (`Name:TargetType:Offset:Hex`). */
  readonly ndb?: readonly string[]
  /** Extra `.hsb` lines (`sha256:size:Name`). */
  readonly hsb?: readonly string[]
  /** `StreamMaxLength` (default `64M`). */
  readonly streamMaxLength?: string
  /** `MaxFileSize` (default `64M`). */
  readonly maxFileSize?: string
  /** `MaxScanSize` (default `128M`). */
  readonly maxScanSize?: string
  /** `AlertExceedsMax yes` (default true: files over the limits are reported, not passed). */
  readonly alertExceedsMax?: boolean
  /** The clamd binary (default: {@link findBinary}('clamd')). */
  readonly binary?: string
}

/** A clamd started by {@link startClamd}. */
export interface RunningClamd {
  /** Always `127.0.0.1`. */
  readonly host: string
  /** Its TCP port. */
  readonly port: number
  /** Its unix socket. */
  readonly socket: string
  /** Its process id. */
  readonly pid: number
  /** Its private directory (database, socket, temporary files). */
  readonly dir: string
  /** Its clamd.conf (also usable with `clamdscan --config-file`). */
  readonly configFile: string
  /** Sends a signal (`SIGSTOP` to freeze it, `SIGCONT` to thaw it, `SIGKILL` to kill it). */
  signal(signal: NodeJS.Signals): void
  /** Whether the process is still running. */
  readonly running: boolean
  /** Stops it (SIGTERM, SIGKILL after 5 s) and deletes its directory. */
  stop(): Promise<void>
}

/**
 * Where `name` is: for clamd, `$CLAMD_PATH` when set (and nothing else, so that pointing it at a missing
 * file simulates a machine without clamd); otherwise the PATH, then /usr/sbin and /usr/local/sbin.
 */
export function findBinary(name: string): string | undefined {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK)
      return true
    } catch {
      return false
    }
  }
  const override = name === 'clamd' ? process.env.CLAMD_PATH : undefined
  if (override) return executable(override) ? override : undefined
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin']
  return dirs
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, name))
    .find(executable)
}

function hex(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('hex')
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no TCP port available')
  return address.port
}

/**
 * Starts a private clamd for tests and benchmarks: a temporary directory with a tiny signature
 * database (EICAR, {@link TEST_MARKER}, the SHA-256 of {@link BLOCKLISTED_PAYLOAD}, and Debian's
 * `clam.exe` test file by MD5), a free TCP port on 127.0.0.1 and a unix socket. It never runs
 * freshclam and starts in well under a second.
 */
export async function startClamd(options: StartClamdOptions = {}): Promise<RunningClamd> {
  const binary = options.binary ?? findBinary('clamd')
  if (binary === undefined) throw new Error('clamd is not installed (apt-get install clamav-daemon)')
  const dir = await mkdtemp(join(tmpdir(), 'banter-clamd-'))
  const db = join(dir, 'db')
  await mkdir(db)
  await writeFile(
    join(db, 'banter-test.ndb'),
    `${[
      `Eicar-Signature:0:0:${hex(EICAR)}`,
      `${TEST_MARKER_NAME}:0:*:${hex(TEST_MARKER)}`,
      ...(options.ndb ?? []),
    ].join('\n')}\n`,
  )
  await writeFile(
    join(db, 'banter-test.hsb'),
    `${[
      `${sha256Hex(BLOCKLISTED_PAYLOAD)}:${BLOCKLISTED_PAYLOAD.length}:${BLOCKLISTED_PAYLOAD_NAME}`,
      ...(options.hsb ?? []),
    ].join('\n')}\n`,
  )
  await writeFile(join(db, 'banter-test.hdb'), `${CLAM_TEST_FILE_HDB}\n`)
  const socket = join(dir, 'clamd.sock')
  let lastLog = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const configFile = join(dir, 'clamd.conf')
    await writeFile(
      configFile,
      [
        'Foreground yes',
        `DatabaseDirectory ${db}`,
        `TemporaryDirectory ${dir}`,
        `PidFile ${join(dir, 'clamd.pid')}`,
        `LogFile ${join(dir, 'clamd.log')}`,
        `TCPSocket ${port}`,
        'TCPAddr 127.0.0.1',
        `LocalSocket ${socket}`,
        'LocalSocketMode 660',
        'FixStaleSocket yes',
        'MaxThreads 4',
        `StreamMaxLength ${options.streamMaxLength ?? '64M'}`,
        `MaxFileSize ${options.maxFileSize ?? '64M'}`,
        `MaxScanSize ${options.maxScanSize ?? '128M'}`,
        `AlertExceedsMax ${options.alertExceedsMax === false ? 'no' : 'yes'}`,
        'SelfCheck 0',
        'Bytecode no',
        '',
      ].join('\n'),
    )
    const child: ChildProcess = spawn(binary, ['--foreground', `--config-file=${configFile}`], {
      stdio: 'ignore',
    })
    let exited = false
    child.once('exit', () => {
      exited = true
    })
    const client = new ClamdClient({
      address: { host: '127.0.0.1', port },
      connectTimeoutMs: 500,
      scanTimeoutMs: 2000,
      streamMaxLength: 1,
      chunkSize: 65536,
    })
    const started = Date.now()
    while (!exited && Date.now() - started < 15_000) {
      if (await client.ping()) {
        return {
          host: '127.0.0.1',
          port,
          socket,
          pid: child.pid as number,
          dir,
          configFile,
          signal: (signal) => {
            if (!exited) child.kill(signal)
          },
          get running() {
            return !exited
          },
          stop: async () => {
            if (!exited) {
              child.kill('SIGCONT')
              child.kill('SIGTERM')
              const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
              if (!exited) await once(child, 'exit')
              clearTimeout(killer)
            }
            await rm(dir, { recursive: true, force: true })
          },
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    if (!exited) {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
    lastLog = await readFile(join(dir, 'clamd.log'), 'utf8').catch(() => '')
  }
  await rm(dir, { recursive: true, force: true })
  throw new Error(`clamd did not start; its log ends with:\n${lastLog.slice(-2000)}`)
}
