/**
 * The antivirus plugin's file scanning, in one run: the built-in engine (SHA-256, EICAR, magic bytes,
 * zip inspection) against a plain SHA-256 of the same bytes, and clamd INSTREAM through the plugin
 * (TCP and unix socket) against `clamdscan --stream` on the same files, with a private clamd and a
 * tiny signature database. Every buffer is fresh random bytes: clamd caches clean files by MD5, and
 * the plugin caches verdicts by SHA-256 (turned off here).
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { ScannerService } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { AntivirusPlugin } from '@banter/plugin-antivirus'
import { findBinary, type RunningClamd, startClamd, uniqueBytes } from '@banter/plugin-antivirus/testing'
import { zipSync } from 'fflate'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const MiB = 1024 * 1024

async function scannerBot(
  options: Record<string, unknown>,
): Promise<{ bot: TestBot; scanner: ScannerService }> {
  const bot = await createTestBot({
    clock: 'real',
    logLevel: 'warn',
    plugins: [[AntivirusPlugin, { maxFileSize: 256 * MiB, cache: { maxEntries: 0 }, ...options }]],
  })
  return { bot, scanner: bot.bot.services.get('scanner') as ScannerService }
}

/** MB/s (MiB per second) of `run` on `bytes` bytes. */
async function throughput(bytes: number, run: () => unknown): Promise<number> {
  const started = performance.now()
  await run()
  return bytes / MiB / ((performance.now() - started) / 1000)
}

// Text that compresses like logs do (about 5x), so the zip row measures inflating real content.
function textLike(length: number): Uint8Array {
  const words = ['scan', 'file', 'message', 'clamd', 'banter', 'plugin', 'engine', 'zip', 'stream', 'ok']
  const random = uniqueBytes(length)
  const out = new Uint8Array(length)
  for (let i = 0; i < length; ) {
    const word = words[(random[i] as number) % words.length] as string
    for (let j = 0; j < word.length && i < length; j++) out[i++] = word.charCodeAt(j)
    if (i < length) out[i++] = (random[i - 1] as number) % 7 === 0 ? 10 : 32
  }
  return out
}

function clamdscan(configFile: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('clamdscan', [`--config-file=${configFile}`, '--stream', '--no-summary', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    // 0 clean, 1 found; 2 is an error.
    child.on('exit', (code) =>
      code === 0 || code === 1 ? resolve() : reject(new Error(`clamdscan exited ${code}: ${stderr}`)),
    )
  })
}

async function builtinRows(
  size: number,
  rounds: number,
  rows: BenchRow[],
  ratios: BenchRatio[],
): Promise<void> {
  const { bot, scanner } = await scannerBot({ engines: ['builtin'] })
  try {
    const sha: number[] = []
    const builtin: number[] = []
    const zip: number[] = []
    for (let round = 0; round < rounds; round++) {
      const bytes = uniqueBytes(size)
      sha.push(await throughput(size, () => createHash('sha256').update(bytes).digest('hex')))
      const again = uniqueBytes(size)
      builtin.push(await throughput(size, () => scanner.scanFile(again, { name: 'data.bin' })))
      const text = textLike(size)
      const archive = zipSync({ 'logs/app.log': text }, { level: 6 })
      zip.push(await throughput(size, () => scanner.scanFile(archive, { name: 'logs.zip' })))
    }
    const mb = size / MiB
    rows.push(row(`sha256 (node:crypto) of ${mb} MiB random bytes`, 'MB/s', sha))
    rows.push(row(`builtin engine via scanner.scanFile, ${mb} MiB random bytes`, 'MB/s', builtin))
    rows.push(row(`builtin engine via scanner.scanFile, zip of ${mb} MiB text (inflated MB/s)`, 'MB/s', zip))
    ratios.push({
      name: 'builtin engine / plain sha256, same bytes',
      value: median(builtin.map((b, i) => b / (sha[i] as number))),
      description: 'share of plain hashing speed the built-in engine keeps (1 = as fast as hashing alone)',
    })
  } finally {
    await bot.stop()
  }
}

async function clamdRows(
  clamd: RunningClamd,
  size: number,
  rounds: number,
  rows: BenchRow[],
  ratios: BenchRatio[],
): Promise<void> {
  const clamav = { streamMaxLength: 256 * MiB, scanTimeoutMs: 120_000 }
  const tcp = await scannerBot({ engines: ['clamav'], clamav: { ...clamav, port: clamd.port } })
  const unix = await scannerBot({ engines: ['clamav'], clamav: { ...clamav, socket: clamd.socket } })
  const dir = await mkdtemp(join(tmpdir(), 'banter-bench-av-'))
  try {
    const viaTcp: number[] = []
    const viaUnix: number[] = []
    const viaCli: number[] = []
    const smallPlugin: number[] = []
    const smallCli: number[] = []
    for (let round = 0; round < rounds; round++) {
      const forTcp = uniqueBytes(size)
      viaTcp.push(await throughput(size, () => tcp.scanner.scanFile(forTcp, { name: 'a.bin' })))
      const forUnix = uniqueBytes(size)
      viaUnix.push(await throughput(size, () => unix.scanner.scanFile(forUnix, { name: 'b.bin' })))
      const file = join(dir, `round-${round}.bin`)
      await writeFile(file, uniqueBytes(size))
      viaCli.push(await throughput(size, () => clamdscan(clamd.configFile, file)))
      const small = join(dir, `small-${round}.txt`)
      const tiny = uniqueBytes(28)
      await writeFile(small, tiny)
      const tinyForPlugin = uniqueBytes(28)
      let started = performance.now()
      await tcp.scanner.scanFile(tinyForPlugin, { name: 'm.txt' })
      smallPlugin.push(performance.now() - started)
      started = performance.now()
      await clamdscan(clamd.configFile, small)
      smallCli.push(performance.now() - started)
    }
    // clamdscan reads its file from disk (page cache); the plugin gets the bytes in memory, as from chat.
    const mb = size / MiB
    rows.push(row(`clamd INSTREAM via the plugin, TCP, ${mb} MiB`, 'MB/s', viaTcp))
    rows.push(row(`clamd INSTREAM via the plugin, unix socket, ${mb} MiB`, 'MB/s', viaUnix))
    rows.push(row(`clamdscan --stream (new process per file), ${mb} MiB`, 'MB/s', viaCli))
    rows.push(row('clamd INSTREAM via the plugin, 28-byte file', 'ms', smallPlugin))
    rows.push(row('clamdscan --stream, 28-byte file', 'ms', smallCli))
    ratios.push({
      name: `plugin INSTREAM (TCP) / clamdscan --stream, ${mb} MiB`,
      value: median(viaTcp.map((v, i) => v / (viaCli[i] as number))),
      description: '>1 means the plugin moves files through clamd faster than clamdscan',
    })
    ratios.push({
      name: 'clamdscan / plugin, 28-byte file latency',
      value: median(smallCli.map((v, i) => v / (smallPlugin[i] as number))),
      description: '>1 means the plugin answers small files sooner (clamdscan pays a process start)',
    })
  } finally {
    await tcp.bot.stop()
    await unix.bot.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

const suite: BenchSuite = {
  name: 'antivirus',
  description: 'built-in engine vs plain SHA-256; clamd INSTREAM through the plugin vs clamdscan --stream',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    const size = (options.quick ? 4 : 32) * MiB
    const rounds = Math.max(1, options.quick ? Math.min(options.rounds, 3) : options.rounds)
    const rows: BenchRow[] = []
    const ratios: BenchRatio[] = []
    const notes: string[] = [
      'random bytes are fresh every round: clamd caches clean files by MD5 and would otherwise report cache hits',
      'clamd runs with a 4-signature test database; the official database makes scans slower and needs about 1.2 GiB of RAM',
    ]
    await builtinRows(size, rounds, rows, ratios)
    if (findBinary('clamd') === undefined) {
      notes.push('clamd not on PATH: clamd rows skipped (apt-get install clamav-daemon clamdscan)')
    } else if (findBinary('clamdscan') === undefined) {
      notes.push('clamdscan not on PATH: clamd rows skipped (apt-get install clamdscan)')
    } else {
      const clamd = await startClamd({ streamMaxLength: '256M', maxFileSize: '256M', maxScanSize: '512M' })
      try {
        await clamdRows(clamd, size, rounds, rows, ratios)
      } finally {
        await clamd.stop()
      }
    }
    return { suite: 'antivirus', rows, ratios, notes }
  },
}

export default suite
