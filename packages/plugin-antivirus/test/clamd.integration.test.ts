import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestBot } from '@banter/core/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ClamdClient } from '../src/index.js'
import {
  BLOCKLISTED_PAYLOAD,
  eicar,
  type RunningClamd,
  sha256Hex,
  startClamd,
  TEST_MARKER,
  uniqueBytes,
} from '../src/testing/index.js'
import { antivirusBot, attachment, deleted, postedIn } from './fixtures/bot-helpers.js'
import { needBinary, needPath } from './fixtures/need-binary.js'
import { tcpProxy } from './fixtures/tcp-proxy.js'
import { zip64Bomb } from './fixtures/zip-builder.js'

const MiB = 1024 * 1024
const TESTFILES = '/usr/share/clamav-testfiles'
const hasClamd = needBinary('clamd', 'apt-get install clamav-daemon clamav-testfiles')
const hasTestfiles = hasClamd && needPath(TESTFILES, 'clamav-testfiles', 'apt-get install clamav-testfiles')

function client(address: { host: string; port: number } | { socket: string }, overrides = {}) {
  return new ClamdClient({
    address,
    connectTimeoutMs: 1000,
    scanTimeoutMs: 10_000,
    streamMaxLength: 64 * MiB,
    chunkSize: 64 * 1024,
    ...overrides,
  })
}

function withMarkerAtEnd(length: number): Uint8Array {
  const bytes = uniqueBytes(length)
  bytes.set(new TextEncoder().encode(TEST_MARKER), length - TEST_MARKER.length)
  return bytes
}

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

async function clamavBot(clamav: Record<string, unknown>, failMode: 'closed' | 'open') {
  const made = await antivirusBot({ engines: ['clamav'], clamav, failMode })
  bot = made.bot
  return made
}

describe.skipIf(!hasClamd)('clamd: detection over TCP and a unix socket', () => {
  let clamd: RunningClamd
  beforeAll(async () => {
    clamd = await startClamd()
  })
  afterAll(async () => {
    await clamd?.stop()
  })

  it('detects EICAR, a SHA-256-listed file and a marker at the end of 3 MiB over TCP; passes clean files', async () => {
    const tcp = client({ host: clamd.host, port: clamd.port })
    expect(await tcp.scan(eicar())).toEqual({
      verdict: 'infected',
      threats: [{ name: 'Eicar-Signature.UNOFFICIAL', engine: 'clamav' }],
    })
    expect((await tcp.scan(BLOCKLISTED_PAYLOAD)).threats).toEqual([
      { name: 'Banter.Test.Sha256.UNOFFICIAL', engine: 'clamav' },
    ])
    expect((await tcp.scan(withMarkerAtEnd(3 * MiB))).threats).toEqual([
      { name: 'Banter.Test.Marker.UNOFFICIAL', engine: 'clamav' },
    ])
    expect(await tcp.scan(new TextEncoder().encode('a perfectly ordinary file'))).toEqual({
      verdict: 'clean',
      threats: [],
    })
    expect((await tcp.scan(new Uint8Array(0))).verdict).toBe('clean')
  })

  it('detects the same over the unix socket', async () => {
    const unix = client({ socket: clamd.socket })
    expect((await unix.scan(eicar())).threats).toEqual([
      { name: 'Eicar-Signature.UNOFFICIAL', engine: 'clamav' },
    ])
    expect((await unix.scan(uniqueBytes(100_000))).verdict).toBe('clean')
    expect(await unix.ping()).toBe(true)
  })

  it.skipIf(!hasTestfiles)("detects Debian's clamav-testfiles through their containers", async () => {
    const unix = client({ socket: clamd.socket })
    const files = readdirSync(TESTFILES).sort()
    expect(files.length).toBeGreaterThanOrEqual(40)
    const missed: string[] = []
    for (const file of files) {
      const result = await unix.scan(readFileSync(join(TESTFILES, file)))
      if (result.threats[0]?.name !== 'ClamAV-Test-File.UNOFFICIAL')
        missed.push(`${file}: ${JSON.stringify(result)}`)
    }
    expect(missed).toEqual([])
  })

  it.skipIf(!hasTestfiles)(
    'through the bot: engines combined, builtin first (hash list), then clamd for containers it cannot open',
    async () => {
      const clamExe = readFileSync(join(TESTFILES, 'clam.exe'))
      const made = await antivirusBot({
        engines: ['builtin', 'clamav'],
        clamav: { socket: clamd.socket },
        builtin: { sha256Blocklist: [{ sha256: sha256Hex(clamExe), name: 'Operator.ClamExe' }] },
      })
      bot = made.bot
      await bot.receive({
        id: 'zip',
        content: 'a',
        attachments: [attachment('clam.zip', readFileSync(join(TESTFILES, 'clam.zip')))],
      })
      await bot.receive({
        id: '7z',
        content: 'b',
        attachments: [attachment('clam.7z', readFileSync(join(TESTFILES, 'clam.7z')))],
      })
      await bot.receive({ id: 'ok', content: 'c', attachments: [attachment('ok.txt', uniqueBytes(2000))] })
      expect(deleted(bot)).toEqual(['zip', '7z'])
      expect(made.threats.map((t) => t.threats[0])).toEqual([
        { name: 'Operator.ClamExe', engine: 'builtin', location: 'clam.zip/clam.exe' },
        { name: 'ClamAV-Test-File.UNOFFICIAL', engine: 'clamav' },
      ])
      expect(made.seen.map((m) => m.id)).toEqual(['ok', 'ok'])
    },
  )

  it('the built-in archive limits run before clamd whatever the engines: a 1 GiB zip64 bomb with engines [clamav] alone', async () => {
    // About 1 MiB on disk; 1 GiB of zeros once inflated, streamed (bit 3) with zip64 sizes.
    const bomb = zip64Bomb(1024 * MiB)
    expect(bomb.length).toBeLessThan(2 * MiB)
    // clamd alone, AlertExceedsMax yes: it answers OK. This is what the guard is for.
    expect(await client({ socket: clamd.socket }).scan(bomb)).toEqual({ verdict: 'clean', threats: [] })

    const made = await antivirusBot({ engines: ['clamav'], clamav: { socket: clamd.socket } })
    bot = made.bot
    await bot.receive({ id: 'bomb', content: 'the report', attachments: [attachment('report.zip', bomb)] })
    expect(deleted(bot)).toEqual(['bomb'])
    expect(made.seen).toEqual([])
    expect(made.threats[0]?.threats).toEqual([
      {
        name: expect.stringMatching(/^Heuristics\.Limits\.Exceeded\.Archive(Size|Ratio)$/),
        engine: 'archives',
        location: 'report.zip/zeros.bin',
      },
    ])
    // The guard stopped it: clamd was not even asked.
    const [stats] = await bot.receive({ content: '!scan stats', author: { id: 'mod1' } })
    expect(stats?.content).toContain('archives 1 scans, 1 infected')
    expect(stats?.content).not.toMatch(/clamav \d+ scans/)
  })

  it('a file over clamd MaxFileSize is reported with AlertExceedsMax, and silently OK without it', async () => {
    const strict = await startClamd({ maxFileSize: '1M' })
    const lax = await startClamd({ maxFileSize: '1M', alertExceedsMax: false })
    try {
      const big = withMarkerAtEnd(2 * MiB)
      expect((await client({ socket: strict.socket }).scan(big)).threats[0]?.name).toMatch(
        /^Heuristics\.Limits\.Exceeded\.MaxFileSize/,
      )
      // The trap the README warns about: clamd says OK for what it did not scan.
      expect((await client({ socket: lax.socket }).scan(big)).verdict).toBe('clean')
    } finally {
      await strict.stop()
      await lax.stop()
    }
  })
})

describe.skipIf(!hasClamd)('clamd faults, each with the fail mode applied', () => {
  it('clamd down: the scan is an error; closed blocks, open lets through', async () => {
    const clamd = await startClamd()
    const address = { host: clamd.host, port: clamd.port }
    await clamd.stop()
    const result = await client(address).scan(eicar())
    expect(result.verdict).toBe('error')
    expect(result.error).toBe(
      `ANTIVIRUS_CLAMD_UNREACHABLE: cannot connect to clamd at 127.0.0.1:${clamd.port} (ECONNREFUSED)`,
    )

    const closed = await clamavBot(address, 'closed')
    await closed.bot.receive({ id: 'c1', content: 'x', attachments: [attachment('a.txt', uniqueBytes(10))] })
    expect(deleted(closed.bot)).toEqual(['c1'])
    expect(postedIn(closed.bot, 'mods')[0]).toContain('ANTIVIRUS_CLAMD_UNREACHABLE')
    await closed.bot.stop()

    const open = await clamavBot(address, 'open')
    await open.bot.receive({ id: 'o1', content: 'x', attachments: [attachment('a.txt', uniqueBytes(10))] })
    expect(deleted(open.bot)).toEqual([])
    expect(open.seen.map((m) => m.id)).toEqual(['o1', 'o1'])
  })

  it('clamd killed mid-scan: never clean; closed blocks, open lets through', async () => {
    for (const failMode of ['closed', 'open'] as const) {
      const clamd = await startClamd()
      const proxy = await tcpProxy({ host: clamd.host, port: clamd.port }, (total) => {
        if (total > 2 * MiB) clamd.signal('SIGKILL')
      })
      try {
        const made = await clamavBot({ port: proxy.port, scanTimeoutMs: 3000 }, failMode)
        await made.bot.receive({
          id: 'k',
          content: 'x',
          attachments: [attachment('big.bin', uniqueBytes(16 * MiB))],
        })
        await vi.waitFor(() => expect(clamd.running).toBe(false))
        if (failMode === 'closed') {
          expect(deleted(made.bot)).toEqual(['k'])
          expect(postedIn(made.bot, 'mods')[0]).toMatch(
            /not scanned: ANTIVIRUS_CLAMD_(UNREACHABLE|REPLY|TIMEOUT)/,
          )
        } else {
          expect(made.seen.map((m) => m.id)).toEqual(['k', 'k'])
          expect(made.bot.logText()).toContain('failMode open: let big.bin through unscanned')
        }
        await made.bot.stop()
      } finally {
        await proxy.close()
        await clamd.stop()
      }
    }
  })

  it('size limit exceeded: refused before sending, or by clamd when misconfigured; never clean', async () => {
    const clamd = await startClamd({ streamMaxLength: '1M' })
    try {
      const file = uniqueBytes(3 * MiB)
      const right = await client({ socket: clamd.socket }, { streamMaxLength: MiB }).scan(file)
      expect(right.error).toMatch(
        /^ANTIVIRUS_FILE_TOO_LARGE: 3145728 bytes is more than clamd's StreamMaxLength/,
      )
      const wrong = await client({ host: clamd.host, port: clamd.port }).scan(file)
      expect(wrong.verdict).toBe('error')
      expect(wrong.error).toMatch(/size limit exceeded|StreamMaxLength/)

      const closed = await clamavBot({ socket: clamd.socket, streamMaxLength: MiB }, 'closed')
      await closed.bot.receive({ id: 's', content: 'x', attachments: [attachment('big.bin', file)] })
      expect(deleted(closed.bot)).toEqual(['s'])
      await closed.bot.stop()
      const open = await clamavBot({ socket: clamd.socket, streamMaxLength: MiB }, 'open')
      await open.bot.receive({ id: 's', content: 'x', attachments: [attachment('big.bin', file)] })
      expect(open.seen.map((m) => m.id)).toEqual(['s', 's'])
    } finally {
      await clamd.stop()
    }
  })

  it('a frozen clamd (SIGSTOP) times out; closed blocks, open lets through', async () => {
    const clamd = await startClamd()
    try {
      clamd.signal('SIGSTOP')
      const result = await client({ host: clamd.host, port: clamd.port }, { scanTimeoutMs: 300 }).scan(
        eicar(),
      )
      expect(result).toEqual({
        verdict: 'error',
        threats: [],
        error: `ANTIVIRUS_CLAMD_TIMEOUT: clamd at 127.0.0.1:${clamd.port} did not reply within 300 ms`,
      })
      const closed = await clamavBot({ socket: clamd.socket, scanTimeoutMs: 300 }, 'closed')
      await closed.bot.receive({ id: 't', content: 'x', attachments: [attachment('e.txt', eicar())] })
      expect(deleted(closed.bot)).toEqual(['t'])
      expect(postedIn(closed.bot, 'mods')[0]).toContain('ANTIVIRUS_CLAMD_TIMEOUT')
      await closed.bot.stop()
      const open = await clamavBot({ socket: clamd.socket, scanTimeoutMs: 300 }, 'open')
      await open.bot.receive({ id: 't', content: 'x', attachments: [attachment('e.txt', uniqueBytes(100))] })
      expect(open.seen.map((m) => m.id)).toEqual(['t', 't'])
      clamd.signal('SIGCONT')
      expect(await client({ socket: clamd.socket }).ping()).toBe(true)
    } finally {
      await clamd.stop()
    }
  })
})
