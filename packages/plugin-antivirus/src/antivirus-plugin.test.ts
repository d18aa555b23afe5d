import { createServer } from 'node:net'
import { BasePlugin, type PluginContext, type PluginManifest, SECURITY_PRIORITY } from '@banter/core'
import type { TestBot } from '@banter/core/testing'
import { strToU8, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { antivirusBot, attachment, deleted, postedIn } from '../test/fixtures/bot-helpers.js'
import AntivirusPlugin, { AntivirusPlugin as Named } from './index.js'
import { eicar, sha256Hex } from './testing/samples.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

async function start(options: Record<string, unknown> = {}, more: { plugins?: unknown[] } = {}) {
  const made = await antivirusBot(options, more)
  bot = made.bot
  return made
}

// A TCP port with nothing listening: clamd is down.
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

const FAKE_BOT_TOKEN = `${Buffer.from('112233445566778899').toString('base64url')}.GhIjKl.${'a1B2c3D4e5'.repeat(3)}xyz`

describe('AntivirusPlugin', () => {
  it('is the default and a named export, a security plugin that runs first and provides scanner', () => {
    expect(AntivirusPlugin).toBe(Named)
    expect(AntivirusPlugin.manifest).toMatchObject({
      name: 'antivirus',
      priority: SECURITY_PRIORITY,
      provides: ['scanner'],
    })
  })

  it('deletes an infected attachment, warns, quarantines, tells moderators, and stops the message', async () => {
    const { bot, seen, threats } = await start()
    const file = eicar()
    const replies = await bot.receive({
      id: 'msg-1',
      channelId: 'general',
      content: 'look at this',
      author: { id: 'u1', name: 'mallory' },
      attachments: [attachment('eicar.txt', file)],
    })
    expect(seen).toEqual([])
    expect(deleted(bot)).toEqual(['msg-1'])
    expect(replies.map((r) => r.content)).toContain(
      '⚠️ mallory, your message was removed: `eicar.txt` was flagged (Eicar-Test-File).',
    )
    const [report] = postedIn(bot, 'mods')
    expect(report).toContain('message msg-1 by mallory (u1) in channel general')
    expect(report).toContain(`file \`eicar.txt\` sha256 ${sha256Hex(file)}: Eicar-Test-File`)
    expect(report).toContain('Actions: deleted, warned, quarantined')
    expect(threats).toEqual([
      {
        plugin: 'antivirus',
        kind: 'file',
        message: { id: 'msg-1', channelId: 'general', authorId: 'u1' },
        threats: [{ name: 'Eicar-Test-File', engine: 'builtin' }],
        fileName: 'eicar.txt',
        sha256: sha256Hex(file),
        actions: ['deleted', 'warned', 'quarantined', 'reported'],
      },
    ])
    const [list] = await bot.receive({ content: '!quarantine list', author: { id: 'mod1', name: 'mod' } })
    expect(list?.content).toMatch(
      /^Quarantine, newest first:\n• 2026-11-22 09:30:00 `eicar\.txt` [0-9a-f]{12}… by mallory \(u1\) in general: Eicar-Test-File \[id [^\]]+\]$/,
    )
  })

  it('lets a clean message with a clean attachment through untouched', async () => {
    const { bot, seen } = await start()
    const zip = zipSync({ 'notes.txt': strToU8('meeting at noon') })
    await bot.receive({ content: 'notes attached', attachments: [attachment('notes.zip', zip)] })
    expect(seen.map((m) => m.content)).toEqual(['notes attached', 'notes attached'])
    expect(deleted(bot)).toEqual([])
    expect(bot.sent).toEqual([])
  })

  it('stops phishing links, without repeating the link to the channel', async () => {
    const { bot, seen, threats } = await start()
    const replies = await bot.receive({
      id: 'msg-2',
      content: 'free nitro https://discord-nitro.gift/claim',
      author: { id: 'u2', name: 'bob' },
    })
    expect(seen).toEqual([])
    expect(deleted(bot)).toEqual(['msg-2'])
    expect(replies.filter((r) => r.channelId === 'general').map((r) => r.content)).toEqual([
      '⚠️ bob, your message was removed: it contained a link to a blocked or suspicious site.',
    ])
    expect(replies.map((r) => r.content).join('\n')).not.toContain('discord-nitro.gift')
    expect(postedIn(bot, 'mods')[0]).toContain('link: phishing:brand-bait:discord discord-nitro[.]gift')
    expect(threats[0]).toMatchObject({ kind: 'message', actions: ['deleted', 'warned', 'reported'] })
  })

  it('deletes a leaked bot token with advice, and the token appears nowhere', async () => {
    const { bot, seen } = await start()
    const replies = await bot.receive({
      id: 'msg-3',
      content: `my bot: ${FAKE_BOT_TOKEN}`,
      author: { name: 'dev' },
    })
    expect(seen).toEqual([])
    expect(deleted(bot)).toEqual(['msg-3'])
    expect(replies[0]?.content).toMatch(/Discord bot token: reset it now/)
    expect(bot.logText()).not.toContain(FAKE_BOT_TOKEN)
    expect(bot.sent.map((m) => m.content).join('\n')).not.toContain(FAKE_BOT_TOKEN)
  })

  it('stops mass mentions', async () => {
    const { bot, seen } = await start({ massMentionThreshold: 3 })
    await bot.receive({ content: 'hey', mentions: { users: ['a', 'b', 'c'] } })
    expect(seen).toEqual([])
    expect(postedIn(bot, 'general')[0]).toContain('it mentioned too many people at once')
  })

  it('scans the same file once and answers repeats from the cache', async () => {
    const { bot } = await start()
    const file = strToU8('same report every week')
    await bot.receive({ content: 'a', attachments: [attachment('r.txt', file)] })
    await bot.receive({ content: 'b', attachments: [attachment('r.txt', file)] })
    const [stats] = await bot.receive({ content: '!scan stats', author: { id: 'mod1' } })
    expect(stats?.content).toContain('Files: 1 scanned, 1 answered from cache, 0 infected')
    expect(stats?.content).toContain('builtin 1 scans')
  })

  it('does not download files over maxFileSize and blocks them when failMode is closed', async () => {
    const { bot, seen } = await start({ maxFileSize: 1000 })
    const big = attachment('big.bin', new Uint8Array(10), { size: 5000 })
    await bot.receive({ content: 'big one', attachments: [big] })
    expect(big.reads).toBe(0)
    expect(seen).toEqual([])
    expect(postedIn(bot, 'mods')[0]).toContain('not scanned: ANTIVIRUS_FILE_TOO_LARGE')
  })

  it('blocks files when clamd is down and failMode is closed (the default)', async () => {
    const port = await closedPort()
    const { bot, seen } = await start({ engines: ['builtin', 'clamav'], clamav: { port } })
    const replies = await bot.receive({
      content: 'doc',
      attachments: [attachment('doc.txt', strToU8('hello'))],
    })
    expect(seen).toEqual([])
    expect(replies[0]?.content).toContain('`doc.txt` could not be scanned, so it was held back')
    expect(postedIn(bot, 'mods')[0]).toContain(
      `not scanned: ANTIVIRUS_CLAMD_UNREACHABLE: cannot connect to clamd at 127.0.0.1:${port} (ECONNREFUSED)`,
    )
    expect(bot.logText()).toContain('clamd does not answer')
  })

  it('lets files through when clamd is down and failMode is open, and logs it', async () => {
    const port = await closedPort()
    const { bot, seen } = await start({ engines: ['clamav'], clamav: { port }, failMode: 'open' })
    await bot.receive({ content: 'doc', attachments: [attachment('doc.txt', strToU8('hello'))] })
    expect(seen.map((m) => m.content)).toEqual(['doc', 'doc'])
    expect(deleted(bot)).toEqual([])
    expect(
      bot.logs.some(
        (l) => l.level === 40 && l.msg.startsWith('failMode open: let doc.txt through unscanned'),
      ),
    ).toBe(true)
  })

  it('still blocks an infected file when one engine is down', async () => {
    const port = await closedPort()
    const { bot, seen, threats } = await start({
      engines: ['clamav', 'builtin'],
      clamav: { port },
      failMode: 'open',
    })
    await bot.receive({ content: 'x', attachments: [attachment('e.txt', eicar())] })
    expect(seen).toEqual([])
    expect(threats[0]?.threats).toEqual([{ name: 'Eicar-Test-File', engine: 'builtin' }])
  })

  it('gives up on downloads that outlast deadlineMs (failMode closed blocks)', async () => {
    const { bot, seen } = await start({ deadlineMs: 50 })
    const stuck = attachment('slow.txt', strToU8('x'), { read: () => new Promise<Uint8Array>(() => {}) })
    await bot.receive({ content: 'slow', attachments: [stuck] })
    expect(seen).toEqual([])
    expect(postedIn(bot, 'mods')[0]).toContain(
      'not scanned: ANTIVIRUS_DEADLINE: not scanned within deadlineMs (50 ms)',
    )
  })

  it('provides the scanner service to other plugins', async () => {
    const results: unknown[] = []
    class Consumer extends BasePlugin {
      static manifest = {
        name: 'consumer',
        version: '1.0.0',
        description: 'uses the scanner',
        permissions: [],
        uses: ['scanner'],
      } satisfies PluginManifest
      override async initialize(ctx: PluginContext) {
        const scanner = ctx.services.get('scanner')
        results.push(await scanner.scanFile(eicar(), { name: 'e.txt' }))
        results.push(await scanner.scanMessage('hi https://d1scord.com'))
        results.push(await scanner.scanMessage('hello'))
        await scanner
          .scanFile('not bytes' as never)
          .catch((error: Error & { code: string }) => results.push(error.code))
      }
    }
    await start({}, { plugins: [Consumer] })
    expect(results).toEqual([
      expect.objectContaining({ safe: false, verdict: 'infected', sha256: sha256Hex(eicar()) }),
      expect.objectContaining({
        safe: false,
        verdict: 'infected',
        threats: [expect.objectContaining({ name: 'phishing:blocklisted-domain' })],
      }),
      expect.objectContaining({ safe: true, verdict: 'clean', threats: [] }),
      'ANTIVIRUS_INPUT_INVALID',
    ])
  })

  it('refuses bad options with a clear error and the bot keeps running', async () => {
    const { bot } = await start({ engines: [], actions: { file: ['explode'] } })
    const info = bot.plugins.get('antivirus')
    expect(info?.status).toBe('error')
    expect(info?.error?.code).toBe('CONFIG_INVALID')
    expect(info?.error?.message).toContain('options.engines: needs at least one engine')
    expect(info?.error?.message).toContain('options.actions.file[0]')
    const [pong] = await bot.receive('!ping')
    expect(pong?.content).toBe('pong')
  })
})
