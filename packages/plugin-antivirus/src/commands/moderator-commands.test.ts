import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { antivirusBot, deleted } from '../../test/fixtures/bot-helpers.js'

let bot: TestBot | undefined
let dir: string | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

async function start(options: Record<string, unknown> = {}) {
  const made = await antivirusBot(options)
  bot = made.bot
  return made
}

const MOD = { id: 'mod1', name: 'mod' }

describe('moderator commands', () => {
  it('are for moderators only', async () => {
    const { bot } = await start()
    for (const line of ['!scan stats', '!quarantine list', '!allowdomain example.com']) {
      const [reply] = await bot.receive({ content: line, author: { id: 'someone' } })
      expect(reply?.content, line).toMatch(/^⛔ `!(scan|quarantine|allowdomain)` is for moderator only\.$/)
    }
  })

  it('!scan stats reports counters, lists and engines', async () => {
    const { bot } = await start({ links: { blocklist: ['evil.example.com'] } })
    await bot.receive('hello')
    const [reply] = await bot.receive({ content: '!scan stats', author: MOD })
    // 'hello' and the command line itself
    expect(reply?.content).toContain('Messages: 2 checked, 0 flagged, 0 blocked')
    expect(reply?.content).toMatch(
      /Lists: \d+ blocked domains, \d+ allowed everywhere, 0 allowed in this DM scope, 0 blocked SHA-256/,
    )
    expect(reply?.content).toContain('Engines: builtin')
  })

  it('!quarantine list says when it is empty', async () => {
    const { bot } = await start()
    const [reply] = await bot.receive({ content: '!quarantine list', author: MOD })
    expect(reply?.content).toBe('Quarantine is empty.')
  })

  it('!allowdomain allows a domain (over the blocklist) for everyone in that server afterwards', async () => {
    const { bot, seen } = await start()
    const guildId = 'g1'
    await bot.receive({ id: 'before', guildId, content: 'see https://d1scord.com/x' })
    expect(deleted(bot)).toEqual(['before'])
    const [reply] = await bot.receive({ guildId, content: '!allowdomain D1SCORD.com', author: MOD })
    expect(reply?.content).toBe(
      '✅ d1scord.com and its subdomains are allowed in links in this server now. It is flagged (phishing:blocklisted-domain): the allowlist wins here.',
    )
    await bot.receive({ id: 'after', guildId, content: 'see https://cdn.d1scord.com/x' })
    expect(deleted(bot)).toEqual(['before'])
    expect(seen.map((m) => m.id)).toContain('after')
    const [bad] = await bot.receive({ guildId, content: '!allowdomain https://', author: MOD })
    expect(bad?.content).toBe(
      '"https://" is not a domain name. Give one such as `example.com` (no scheme, no path).',
    )
    const [suffix] = await bot.receive({ guildId, content: '!allowdomain github.io', author: MOD })
    expect(suffix?.content).toBe(
      "github.io is a public suffix: allowing it would allow every site under it. Give the site's own domain.",
    )
  })

  it('lets the !allowdomain command line itself reach the command', async () => {
    const { bot } = await start()
    const [reply] = await bot.receive({
      id: 'cmd',
      content: '!allowdomain d1scord.com',
      author: { id: 'someone' },
    })
    expect(deleted(bot)).toEqual([])
    expect(reply?.content).toContain('is for moderator only')
  })
})

describe('list reloading', () => {
  it('re-reads a changed blocklist file on the reload timer, without a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'banter-av-'))
    const file = join(dir, 'blocked.txt')
    await writeFile(file, '# operator list\nalready.example.com\n')
    const { bot, seen } = await start({ links: { blocklistFiles: [file] }, reloadIntervalMs: 60_000 })
    await bot.receive({ id: 'm1', content: 'https://fresh-phish.example.com/login' })
    expect(seen.map((m) => m.id)).toContain('m1')

    await writeFile(file, '# operator list\nalready.example.com\nfresh-phish.example.com\n')
    const reloaded = new Promise((resolve) => bot.events.once('antivirus.lists-reloaded', resolve))
    await bot.clock.tickAsync(60_000)
    await reloaded
    await bot.receive({ id: 'm2', content: 'https://fresh-phish.example.com/login' })
    expect(deleted(bot)).toEqual(['m2'])
  })

  it('picks up domains another shard allowed (shared through plugin storage)', async () => {
    const { bot, seen } = await start({ reloadIntervalMs: 1000 })
    await bot.bot.storage.namespace('antivirus').set('allowlists', { g1: ['d1scord.com'] })
    const reloaded = new Promise((resolve) => bot.events.once('antivirus.lists-reloaded', resolve))
    await bot.clock.tickAsync(1000)
    await reloaded
    await bot.receive({ id: 'ok', guildId: 'g1', content: 'https://d1scord.com' })
    expect(seen.map((m) => m.id)).toContain('ok')
  })

  it('refuses to start when a list file is missing, and the bot keeps running', async () => {
    const { bot } = await start({ builtin: { sha256BlocklistFiles: ['/nonexistent/banter/hashes.txt'] } })
    const info = bot.plugins.get('antivirus')
    expect(info?.status).toBe('error')
    expect(info?.error?.message).toContain('cannot read list file /nonexistent/banter/hashes.txt: ENOENT')
    const [pong] = await bot.receive('!ping')
    expect(pong?.content).toBe('pong')
  })
})

// A made-up bot token: its first part is the base64 of a snowflake, like real ones.
const FAKE_BOT_TOKEN = `${Buffer.from('112233445566778899').toString('base64url')}.GhIjKl.${'a1B2c3D4e5'.repeat(3)}xyz`

describe('!allowdomain skips the secret scan (issue 11)', () => {
  it('a token posted as the !allowdomain argument is deleted like any leaked token', async () => {
    const { bot, seen } = await start()
    const replies = await bot.receive({
      id: 'leak',
      guildId: 'g1',
      content: `!allowdomain ${FAKE_BOT_TOKEN}`,
      author: { id: 'someone', name: 'dev' },
    })
    expect(deleted(bot)).toEqual(['leak'])
    expect(seen).toEqual([])
    expect(replies.map((r) => r.content).join('\n')).toMatch(/Discord bot token: reset it now/)
    expect(bot.sent.map((m) => m.content).join('\n')).not.toContain(FAKE_BOT_TOKEN)
    expect(bot.logText()).not.toContain(FAKE_BOT_TOKEN)
  })

  it('the command refuses a secret as its argument, even with the secret scan off, without repeating it', async () => {
    const { bot } = await start({ secrets: { enabled: false } })
    const [reply] = await bot.receive({
      guildId: 'g1',
      content: `!allowdomain ${FAKE_BOT_TOKEN}`,
      author: MOD,
    })
    expect(reply?.content).toBe(
      'That looks like a secret (a token or API key), not a domain: nothing was allowed. Reset that secret now, then give a domain such as `example.com`.',
    )
    expect(bot.sent.map((m) => m.content).join('\n')).not.toContain(FAKE_BOT_TOKEN)
    const [stats] = await bot.receive({ guildId: 'g1', content: '!scan stats', author: MOD })
    expect(stats?.content).toContain('0 allowed in this server')
  })

  it('runs the link checks on the argument and says what it overrides', async () => {
    const { bot } = await start()
    const [reply] = await bot.receive({
      guildId: 'g1',
      content: '!allowdomain discord.com.evil.ru',
      author: MOD,
    })
    expect(reply?.content).toBe(
      '✅ discord.com.evil.ru and its subdomains are allowed in links in this server now. It is flagged (phishing:brand-spoof:discord): the allowlist wins here.',
    )
    const [long] = await bot.receive({
      guildId: 'g1',
      content: `!allowdomain ${'x'.repeat(5000)}`,
      author: MOD,
    })
    expect(long?.content.length).toBeLessThan(200)
  })
})
