import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  BasePlugin,
  createLogger,
  createStorage,
  type PluginContext,
  type PluginManifest,
} from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { type DiscordTestBot, startDiscordTestBot } from '@banter/discord/testing'
import { AntivirusPlugin, ClamdClient } from '@banter/plugin-antivirus'
import { findBinary, type RunningClamd, startClamd, uniqueBytes } from '@banter/plugin-antivirus/testing'
import { integration, startRedisServer, type TestRedis, until } from '@banter/test-servers'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type HttpServer, startHttpServer } from '../src/http/http-server.js'
import { officialPlugins } from './fuzz/official-plugins.js'

// Fault injection while traffic flows (issue 16): what is lost, how long recovery takes, and what
// an operator sees on /readyz. Each case records its numbers in bench/results/faults-ci.json.
const RESULT = fileURLToPath(new URL('../../../bench/results/faults-ci.json', import.meta.url))
const recorded: Record<string, unknown> = {}
afterAll(() => {
  mkdirSync(dirname(RESULT), { recursive: true })
  writeFileSync(RESULT, `${JSON.stringify({ at: new Date().toISOString(), faults: recorded }, null, 2)}\n`)
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `/readyz` every 50 ms while a fault lasts; returns the distinct answers seen, in order. */
function watchReadyz(url: string): { stop: () => Promise<string[]> } {
  const seen: string[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const answer = await fetch(`${url}/readyz`)
        .then(async (r) => `${r.status} ${JSON.stringify(await r.json())}`)
        .catch((error: unknown) => `unreachable: ${String(error)}`)
      if (seen.at(-1) !== answer) seen.push(answer)
      await sleep(50)
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      return seen
    },
  }
}

const quiet = createLogger({ level: 'silent' })

/** The distinct first lines of `logs`, with their level unless `withLevel` is false: what a case records. */
function distinctLines(
  logs: readonly { msg?: unknown; level?: unknown }[],
  options: { withLevel?: boolean; rename?: [RegExp, string]; max?: number } = {},
): string[] {
  const { withLevel = true, rename, max } = options
  const lines = logs.map((l) => {
    const first = String(l.msg).split('\n')[0] ?? ''
    const text = rename ? first.replace(rename[0], rename[1]) : first
    return withLevel ? `${String(l.level)} ${text}` : text
  })
  const distinct = lines.filter((m, i, all) => all.indexOf(m) === i)
  return max === undefined ? distinct : distinct.slice(0, max)
}

/** `/readyz` answers without the per-plugin statuses (the same in every answer). */
function compactReadyz(states: readonly string[]): string[] {
  return states.map((s) => s.replace(/"plugins":\{[^}]*\}/, '"plugins":{…}'))
}

describe.runIf(integration('redis-server', 'fault injection: Redis restart'))(
  'fault: Redis restarted while workflow runs are queued',
  () => {
    let redis: TestRedis | undefined
    let t: TestBot | undefined
    let http: HttpServer | undefined
    afterEach(async () => {
      await http?.close()
      await t?.stop()
      await redis?.stop()
    })

    it('loses no queued workflow run: every message gets its answer once, after Redis comes back', async () => {
      redis = await startRedisServer()
      // The queue and the bot's storage on the same Redis, as docs/deploy.md sets them up.
      t = await createTestBot({
        clock: 'real',
        logLevel: 'info',
        config: { storage: redis.url },
        plugins: officialPlugins({ driver: 'bullmq', redisUrl: redis.url }),
      })
      http = await startHttpServer(t.bot, { host: '127.0.0.1', port: 0, logger: quiet })
      const readyz = watchReadyz(http.url)
      const total = 200
      const answered = () => t?.sent.filter((m) => m.content.includes('you said echo ')) ?? []
      // Steady traffic: one message every 10 ms; Redis goes down at message 60 and is back 1 s later.
      let restartedAt = 0
      const traffic = (async () => {
        for (let i = 0; i < total; i++) {
          void t?.receive(`echo ${i}`)
          if (i === 60) {
            await redis?.shutdown()
            void sleep(1_000).then(async () => {
              await redis?.start()
              restartedAt = performance.now()
            })
          }
          await sleep(10)
        }
      })()
      await traffic
      await until(() => answered().length >= total, `${total} answers (have ${answered().length})`, 60_000)
      const recoveredAfterMs = Math.round(performance.now() - restartedAt)
      // Let /readyz be polled at least once more now that everything is answered.
      await sleep(250)
      const states = await readyz.stop()
      // /readyz said 503 while Redis was away, naming storage, and 200 again once it was back ...
      expect(states[0]).toMatch(/^200 /)
      expect(states).toContainEqual(expect.stringMatching(/^503 .*"storage":\{"ready":false/))
      // ... and naming the workflow queue's own connection (its plugin's health()).
      expect(states).toContainEqual(expect.stringMatching(/^503 .*"plugin:workflow":\{"ready":false/))
      expect(states.at(-1)).toMatch(/^200 /)
      const contents = answered().map((m) => m.content.replace(/^\S+ /, ''))
      const lost = Array.from({ length: total }, (_, i) => `you said echo ${i}`).filter(
        (c) => !contents.includes(c),
      )
      expect(lost).toEqual([])
      // Each run answered once: no duplicate after the reconnect.
      expect(new Set(contents).size).toBe(contents.length)
      recorded.redisRestart = {
        messages: total,
        lost: lost.length,
        duplicates: contents.length - new Set(contents).size,
        allAnsweredWithinMsOfRestart: recoveredAfterMs,
        readyz: states,
        logs: distinctLines(
          t.logs.filter((l) => (l.level as number) >= 40),
          { withLevel: false, max: 8 },
        ),
      }
    }, 90_000)
  },
)

describe('fault: the Discord gateway drops the bot (op 7 RECONNECT, then a cut socket)', () => {
  let t: DiscordTestBot | undefined
  let http: HttpServer | undefined
  afterEach(async () => {
    await http?.close()
    await t?.stop()
  })

  for (const fault of ['op 7 reconnect', 'socket cut'] as const) {
    it(`${fault}: the bot resumes, answers every message sent around it once, and /readyz says so`, async () => {
      t = await startDiscordTestBot({ plugins: officialPlugins() })
      const { fake } = t
      http = await startHttpServer(t.bot, { host: '127.0.0.1', port: 0, logger: quiet })
      const readyz = watchReadyz(http.url)
      const total = 60
      const ids: string[] = []
      let faultAt = 0
      let firstAnswerAfterFault = 0
      for (let i = 0; i < total; i++) {
        ids.push(fake.userMessage({ content: '!ping' }))
        if (i === 20) {
          faultAt = performance.now()
          if (fault === 'op 7 reconnect') fake.reconnect()
          else expect(fake.dropConnections()).toBe(1)
        }
        await sleep(10)
      }
      const answeredIds = () =>
        fake
          .messages()
          .filter((m) => m.message.author.id === fake.botId)
          .map((m) => m.message.message_reference?.message_id)
      await until(() => {
        const answered = answeredIds()
        if (firstAnswerAfterFault === 0 && answered.some((id) => ids.indexOf(id as string) > 20))
          firstAnswerAfterFault = performance.now()
        return ids.every((id) => answered.includes(id))
      }, 'every !ping answered')
      const answered = answeredIds()
      expect(answered.filter((id) => ids.includes(id as string))).toHaveLength(total)
      expect(fake.gateway.resumes).toBeGreaterThanOrEqual(1)
      await until(() => t?.bot.isReady() === true, 'the bot ready again')
      // Let /readyz be polled at least once more after the bot is ready again.
      await sleep(250)
      const states = await readyz.stop()
      expect(states.at(-1)).toMatch(/^200 /)
      recorded[fault] = {
        messages: total,
        lost: total - answered.filter((id) => ids.includes(id as string)).length,
        resumes: fake.gateway.resumes,
        identifies: fake.gateway.identifies,
        firstAnswerAfterFaultMs: Math.round(firstAnswerAfterFault - faultAt),
        readyz: compactReadyz(states),
        logs: distinctLines(t.logs.filter((l) => /gateway|discord\.js/.test(String(l.msg)))),
      }
    }, 60_000)
  }
})

describe('fault: a 429 storm from the Discord REST API', () => {
  let t: DiscordTestBot | undefined
  let http: HttpServer | undefined
  afterEach(async () => {
    await http?.close()
    await t?.stop()
  })

  it('every answer is delivered once after waiting out Retry-After, none lost or sent twice', async () => {
    t = await startDiscordTestBot({ plugins: officialPlugins() })
    const { fake } = t
    http = await startHttpServer(t.bot, { host: '127.0.0.1', port: 0, logger: quiet })
    const readyz = watchReadyz(http.url)
    // 30 refusals in a row for sending messages, a few of them global, 0.2 s each.
    for (let i = 0; i < 30; i++)
      fake.rateLimitNext(/^\/channels\/\d+\/messages$/, 0.2, { method: 'POST', global: i % 10 === 9 })
    const started = performance.now()
    const ids = Array.from({ length: 40 }, () => fake.userMessage({ content: '!ping' }))
    const replies = (text: RegExp) =>
      fake
        .messages()
        .filter((m) => m.message.author.id === fake.botId && text.test(m.message.content))
        .map((m) => m.message.message_reference?.message_id as string)
    await until(() => ids.every((id) => replies(/pong$/).includes(id)), 'every !ping answered', 60_000)
    const drainedMs = Math.round(performance.now() - started)
    await t.bot.settle()
    // Every !ping got its pong, once: nothing lost, nothing sent twice.
    const pongs = replies(/pong$/).filter((id) => ids.includes(id))
    expect(pongs).toHaveLength(ids.length)
    expect(new Set(pongs).size).toBe(ids.length)
    const limited = fake.calls.filter((c) => c.status === 429).length
    expect(limited).toBe(30)
    // A command whose reply waits out Retry-After past the command timeout is not reported failed:
    // its reply is delivered, and a failure notice would make the user see both.
    // The 30 refusals hold the replies for at least 6 s, past the 5 s command timeout: some commands
    // did time out (the log says so), none of them told its user it failed.
    const lateReplies = t.logs.filter((l) => /outlived its \d+ ms timeout/.test(String(l.msg))).length
    expect(lateReplies).toBeGreaterThan(0)
    const failureNotices = replies(/failed\. The bot's log says why\.$/).length
    expect(failureNotices).toBe(0)
    const states = await readyz.stop()
    recorded.rateLimitStorm = {
      messages: ids.length,
      refusals: limited,
      lost: ids.length - new Set(pongs).size,
      duplicates: pongs.length - new Set(pongs).size,
      timedOutWithReplyDelivered: lateReplies,
      failureNoticesAfterTimeout: failureNotices,
      allAnsweredAfterMs: drainedMs,
      readyz: compactReadyz(states),
      logs: distinctLines(
        t.logs.filter((l) => /rate|429/i.test(String(l.msg))),
        { max: 4 },
      ),
    }
  }, 90_000)
})

/**
 * Whether this process can make a file unwritable even to root: `chattr +i` (needs root with
 * CAP_LINUX_IMMUTABLE and a file system with attributes, such as ext4). Says so loudly when not.
 */
function canFreezeFiles(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'banter-freeze-probe-'))
  const file = join(dir, 'probe')
  writeFileSync(file, 'x')
  let refused = false
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' })
    try {
      appendFileSync(file, 'y')
    } catch {
      refused = true
    }
    execFileSync('chattr', ['-i', file], { stdio: 'ignore' })
  } catch {
    refused = false
  }
  rmSync(dir, { recursive: true, force: true })
  if (!refused) {
    process.stderr.write(
      '\n*** SKIPPED fault: SQLite read-only: `chattr +i` is not available here (needs root with CAP_LINUX_IMMUTABLE on ext4/xfs) ***\n\n',
    )
  }
  return refused
}

/** A plugin that saves every `!note <text>` in storage and says so (it does not catch storage errors). */
class NotesPlugin extends BasePlugin {
  static manifest: PluginManifest = {
    name: 'notes',
    version: '1.0.0',
    description: 'saves notes',
    permissions: ['messages:send', 'storage'],
  }
  override initialize(ctx: PluginContext): void {
    ctx.commands.register({
      name: 'note',
      description: 'saves a note',
      args: z.object({ text: z.string() }),
      handler: async ({ args, reply }) => {
        await ctx.storage.set(`note:${args.text}`, args.text)
        await reply(`saved ${args.text}`)
      },
    })
  }
}

describe.runIf(canFreezeFiles())('fault: the SQLite storage file turns read-only while traffic flows', () => {
  let t: TestBot | undefined
  let http: HttpServer | undefined
  let dir: string | undefined
  let frozen: string[] = []
  const thaw = () => {
    if (frozen.length > 0) execFileSync('chattr', ['-i', ...frozen])
    frozen = []
  }
  afterEach(async () => {
    thaw()
    await http?.close()
    await t?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('chat goes on, the log says why writes fail, and nothing saved before or after is lost', async () => {
    dir = mkdtempSync(join(tmpdir(), 'banter-readonly-'))
    const file = join(dir, 'bot.sqlite')
    t = await createTestBot({
      clock: 'real',
      logLevel: 'info',
      config: { storage: `sqlite:${file}` },
      plugins: [...officialPlugins(), NotesPlugin],
    })
    http = await startHttpServer(t.bot, { host: '127.0.0.1', port: 0, logger: quiet })
    const readyz = watchReadyz(http.url)
    // The kernel refuses every write to the database, its WAL and the folder (no new journal), even
    // from root. The WAL index (`-shm`) stays writable: SQLite maps it in memory, and writing a mapped
    // page of an immutable file kills the process with SIGBUS, which a real read-only remount did not
    // do (ext4 `emergency_ro`, tried by hand: writes fail with SQLITE_IOERR, the process lives on).
    const freeze = () => {
      frozen = [file, `${file}-wal`, dir as string]
      execFileSync('chattr', ['+i', ...frozen])
    }
    const notes: { text: string; answer: string; during: boolean }[] = []
    const pongs: string[] = []
    const total = 30
    for (let i = 0; i < total; i++) {
      if (i === 10) freeze()
      if (i === 20) thaw()
      const text = `n${i}`
      const answer = (await t.receive(`!note ${text}`)).map((m) => m.content).join(' | ')
      notes.push({ text, answer, during: i >= 10 && i < 20 })
      pongs.push(...(await t.receive('!ping')).map((m) => m.content))
    }
    await sleep(150)
    const states = await readyz.stop()
    // Chat went on throughout: every !ping answered.
    expect(pongs.filter((p) => p.endsWith('pong'))).toHaveLength(total)
    // Each refused write told its user, and the log names the storage and the error.
    const during = notes.filter((n) => n.during)
    expect(during[0]?.answer).toMatch(/Sorry, `!note` failed/)
    const storageErrors = t.logs.filter((l) => /SQLITE_IOERR|SQLITE_READONLY/.test(String(l.msg)))
    expect(storageErrors.length).toBeGreaterThan(0)
    // The circuit breaker switched `!note` off after 5 failures in a row; it stays off once the disk
    // is writable again, until an operator enables the plugin (`banter plugins enable notes`).
    const switchedOff = t.bot.plugins.get('notes')?.switchedOff.map((h) => h.handler) ?? []
    const unansweredAfter = notes.filter((n) => !n.during && n.text !== 'n0' && n.answer === '').length
    await t.bot.plugins.enable('notes')
    const afterEnable = (await t.receive('!note after-enable')).map((m) => m.content)
    expect(afterEnable.at(-1)).toMatch(/saved after-enable$/)
    await t.stop()
    t = undefined
    // Nothing saved before the fault or after it is lost: a new process reads them all back.
    const storage = await createStorage(`sqlite:${file}`)
    const store = storage.namespace('notes')
    const saved = notes.filter((n) => /saved /.test(n.answer)).map((n) => n.text)
    const kept = await Promise.all([...saved, 'after-enable'].map((k) => store.get(`note:${k}`)))
    await storage.close()
    expect(saved.length).toBeGreaterThanOrEqual(10)
    expect(kept).toEqual([...saved, 'after-enable'])
    recorded.sqliteReadOnly = {
      messages: total * 2,
      pingsAnswered: pongs.length,
      notesSaved: saved.length,
      notesRefusedWhileReadOnly: during.filter((n) => /failed/.test(n.answer)).length,
      notesUnansweredWhileReadOnly: during.filter((n) => n.answer === '').length,
      notesUnansweredAfterwards: unansweredAfter,
      switchedOff,
      savedNotesReadBackAfterRestart: kept.length,
      readyz: compactReadyz(states),
      logs: distinctLines(storageErrors, { max: 4 }),
    }
  }, 60_000)
})

describe.runIf(findBinary('clamd') !== undefined || process.env.CI === 'true')(
  'fault: clamd stalls (SIGSTOP) and comes back (SIGCONT) while files arrive',
  () => {
    let clamd: RunningClamd | undefined
    let respawned: ChildProcess | undefined
    let t: TestBot | undefined
    afterEach(async () => {
      respawned?.kill('SIGKILL')
      respawned = undefined
      clamd?.signal('SIGCONT')
      await t?.stop()
      await clamd?.stop()
    })

    it('failMode closed: no file passes unscanned, chat goes on, and scans pass again once clamd is back', async () => {
      clamd = await startClamd()
      t = await createTestBot({
        clock: 'real',
        plugins: [
          [
            AntivirusPlugin,
            {
              engines: ['builtin', 'clamav'],
              clamav: { socket: clamd.socket, scanTimeoutMs: 500 },
              failMode: 'closed',
              deadlineMs: 1_000,
            },
          ],
        ],
      })
      const bot = t
      const outcomes: { i: number; started: number; at: number; blocked: boolean }[] = []
      const pongs: boolean[] = []
      let stoppedAt = Number.POSITIVE_INFINITY
      let resumedAt = Number.POSITIVE_INFINITY
      const files = Array.from({ length: 110 }, async (_, i) => {
        await sleep(i * 40)
        if (i === 15) {
          clamd?.signal('SIGSTOP')
          stoppedAt = performance.now()
        }
        if (i === 90) {
          clamd?.signal('SIGCONT')
          resumedAt = performance.now()
        }
        const bytes = uniqueBytes(256)
        const id = `file-${i}`
        const started = performance.now()
        const replies = await bot.receive({
          id,
          content: `file ${i}`,
          attachments: [{ id, name: `f${i}.bin`, size: bytes.length, read: async () => bytes }],
        })
        const deleted = bot.operations.some((op) => op.type === 'delete' && op.ref.id === id)
        outcomes.push({ i, started, at: performance.now(), blocked: deleted || replies.length > 0 })
        if (i % 5 === 0) pongs.push(((await bot.receive('!ping'))[0]?.content ?? '').endsWith('pong'))
      })
      await Promise.all(files)
      // Before the stall every file passed. A file whose whole scan window (scanTimeoutMs) fell inside
      // the stall was held back (fail closed): none let through unscanned. Those started well after
      // clamd came back pass again. (Files in flight when it resumed are scanned then, and pass.)
      // Safety: clamd answers nothing while frozen, so no file may pass between the freeze and the
      // thaw (a reply already on its way when it froze may still land just after). Liveness: files
      // passed before the freeze, some were held back during it, and files pass again after it.
      const passedWhileFrozen = outcomes.filter(
        (o) => !o.blocked && o.at > stoppedAt + 100 && o.at < resumedAt,
      )
      const during = outcomes.filter((o) => o.started >= stoppedAt && o.at < resumedAt)
      const after = outcomes.filter((o) => o.started > resumedAt + 200)
      expect(passedWhileFrozen).toEqual([])
      expect(outcomes.some((o) => o.started < stoppedAt && !o.blocked)).toBe(true)
      expect(during.length).toBeGreaterThan(5)
      expect(during.every((o) => o.blocked)).toBe(true)
      expect(after.some((o) => !o.blocked)).toBe(true)
      expect(pongs.every(Boolean)).toBe(true)
      const firstPass = outcomes.filter((o) => o.at > resumedAt && !o.blocked).sort((a, b) => a.at - b.at)[0]
      recorded.clamdStall = {
        files: outcomes.length,
        stallMs: Math.round(resumedAt - stoppedAt),
        blockedWhileStalled: outcomes.filter((o) => o.blocked).length,
        passedWhileFrozen: passedWhileFrozen.length,
        firstCleanPassAfterResumeMs: firstPass ? Math.round(firstPass.at - resumedAt) : undefined,
        chatAnswered: `${pongs.filter(Boolean).length}/${pongs.length}`,
        logs: distinctLines(
          t.logs.filter((l) => l.level >= 40 || String(l.msg).includes('ANTIVIRUS_CLAMD')),
          { rename: [/file-\d+/, 'file-N'], max: 6 },
        ),
      }
    }, 60_000)

    it('failMode closed: clamd killed and started again on its socket; no file passes unscanned meanwhile', async () => {
      clamd = await startClamd()
      const running = clamd
      const binary = findBinary('clamd') as string
      t = await createTestBot({
        clock: 'real',
        plugins: [
          [
            AntivirusPlugin,
            {
              engines: ['builtin', 'clamav'],
              clamav: { socket: running.socket, scanTimeoutMs: 500, connectTimeoutMs: 200 },
              failMode: 'closed',
              deadlineMs: 1_000,
            },
          ],
        ],
      })
      const bot = t
      const probe = new ClamdClient({
        address: { socket: running.socket },
        connectTimeoutMs: 200,
        scanTimeoutMs: 500,
        streamMaxLength: 1 << 20,
        chunkSize: 1 << 16,
      })
      const outcomes: { started: number; at: number; blocked: boolean }[] = []
      let stop = false
      const traffic = (async () => {
        for (let i = 0; !stop; i++) {
          const bytes = uniqueBytes(256)
          const id = `kill-${i}`
          const started = performance.now()
          void bot
            .receive({
              id,
              content: `file ${i}`,
              attachments: [{ id, name: `k${i}.bin`, size: 256, read: async () => bytes }],
            })
            .then((replies) => {
              const deleted = bot.operations.some((op) => op.type === 'delete' && op.ref.id === id)
              outcomes.push({ started, at: performance.now(), blocked: deleted || replies.length > 0 })
            })
          await sleep(40)
        }
      })()
      await sleep(600)
      running.signal('SIGKILL')
      const killedAt = performance.now()
      await sleep(1_000)
      const respawnedAt = performance.now()
      respawned = spawn(binary, ['--foreground', `--config-file=${running.configFile}`], { stdio: 'ignore' })
      let backAt = Number.POSITIVE_INFINITY
      for (let i = 0; i < 600 && backAt === Number.POSITIVE_INFINITY; i++) {
        if (await probe.ping().catch(() => false)) backAt = performance.now()
        else await sleep(50)
      }
      expect(backAt).toBeLessThan(Number.POSITIVE_INFINITY)
      await sleep(1_500)
      stop = true
      await traffic
      await bot.settle()
      await sleep(1_200)
      // Safety: a dead clamd scans nothing, so no file passes between the kill and the restart.
      // Liveness: files passed before the kill, were held back while it was down, pass after.
      const passedWhileDown = outcomes.filter(
        (o) => !o.blocked && o.at > killedAt + 100 && o.at < respawnedAt,
      )
      const down = outcomes.filter((o) => o.started > killedAt && o.at < respawnedAt)
      const after = outcomes.filter((o) => o.started > backAt + 200)
      expect(passedWhileDown).toEqual([])
      expect(outcomes.some((o) => o.started < killedAt && !o.blocked)).toBe(true)
      expect(down.length).toBeGreaterThan(5)
      expect(down.every((o) => o.blocked)).toBe(true)
      expect(after.some((o) => !o.blocked)).toBe(true)
      recorded.clamdKilled = {
        files: outcomes.length,
        blockedWhileDown: down.length,
        passedUnscanned: passedWhileDown.length,
        clamdAnsweredAfterRespawnMs: Math.round(backAt - respawnedAt),
        logs: distinctLines(
          t.logs.filter((l) => l.level >= 40 || String(l.msg).includes('ANTIVIRUS_CLAMD')),
          { rename: [/kill-\d+/, 'kill-N'], max: 6 },
        ),
      }
    }, 90_000)
  },
)
