import type { TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { antivirusBot, attachment, deleted, postedIn } from '../../test/fixtures/bot-helpers.js'
import { eicar } from '../testing/samples.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

// The operator (by user id, valid everywhere) and guild A's "Moderators" role, named with its guild.
const ACCESS = { moderator: { users: ['op'], roles: [{ guild: 'A', role: 'Moderators' }] } }
// A moderator of guild A, as the adapter reports her in guild A.
const ALICE_IN_A = { id: 'alice', name: 'alice', roles: ['111'], roleNames: ['Moderators'] }
// Alice in guild B, where she is an ordinary member.
const ALICE_IN_B = { id: 'alice', name: 'alice', roles: [], roleNames: [] }
// Mallory made a role called "Moderators" in guild B and holds it.
const MALLORY_IN_B = { id: 'mallory', name: 'mallory', roles: ['999'], roleNames: ['Moderators'] }
const OP = { id: 'op', name: 'op' }

async function start() {
  const made = await antivirusBot({}, { access: ACCESS })
  bot = made.bot
  return made
}

async function post(b: TestBot, guildId: string | undefined, id: string) {
  await b.receive({
    id,
    ...(guildId === undefined ? {} : { guildId }),
    channelId: `${guildId ?? 'dm'}-general`,
    content: 'look',
    author: { id: 'someone', name: 'someone' },
    attachments: [attachment(`${id}.txt`, eicar())],
  })
}

async function say(b: TestBot, guildId: string | undefined, author: object, content: string) {
  const [reply] = await b.receive({ ...(guildId === undefined ? {} : { guildId }), content, author })
  return reply?.content ?? ''
}

describe('role names not tied to a server (issue 11): moderator actions act on their own guild', () => {
  it("a moderator of guild A cannot see or change guild B's quarantine or allowlist", async () => {
    const { bot } = await start()
    await post(bot, 'A', 'a1')
    await post(bot, 'B', 'b1')

    const inA = await say(bot, 'A', ALICE_IN_A, '!quarantine list')
    expect(inA).toContain('`a1.txt`')
    expect(inA).not.toContain('b1.txt')

    // A "Moderators" role of another server is not guild A's: refused, by the core's access check.
    for (const [author, line] of [
      [MALLORY_IN_B, '!quarantine list'],
      [MALLORY_IN_B, '!allowdomain d1scord.com'],
      [ALICE_IN_B, '!quarantine list'],
      [ALICE_IN_B, '!allowdomain d1scord.com'],
    ] as const) {
      expect(await say(bot, 'B', author, line), `${author.id}: ${line}`).toMatch(
        /^⛔ .* is for moderator only\.$/,
      )
    }

    const inB = await say(bot, 'B', OP, '!quarantine list')
    expect(inB).toContain('`b1.txt`')
    expect(inB).not.toContain('a1.txt')
    const bId = /\[id ([^\]]+)\]/.exec(inB)?.[1] as string

    // Deleting B's record from guild A finds nothing there, and B keeps it.
    expect(await say(bot, 'A', ALICE_IN_A, `!quarantine delete ${bId}`)).toBe(
      `There is no quarantine record "${bId}" in this server.`,
    )
    expect(await say(bot, 'B', OP, '!quarantine list')).toContain('`b1.txt`')
    expect(await say(bot, 'B', OP, `!quarantine delete ${bId}`)).toBe(`Deleted quarantine record ${bId}.`)
    expect(await say(bot, 'B', OP, '!quarantine list')).toBe('Quarantine is empty.')
  })

  it('!allowdomain in guild A allows the domain in guild A only', async () => {
    const { bot, seen } = await start()
    expect(await say(bot, 'A', ALICE_IN_A, '!allowdomain d1scord.com')).toMatch(/^✅ d1scord\.com/)
    await bot.receive({ id: 'link-a', guildId: 'A', content: 'https://d1scord.com/x' })
    await bot.receive({ id: 'link-b', guildId: 'B', content: 'https://d1scord.com/x' })
    await bot.receive({ id: 'link-dm', content: 'https://d1scord.com/x' })
    expect(seen.map((m) => m.id)).toContain('link-a')
    expect(deleted(bot)).toEqual(['link-b', 'link-dm'])
  })

  it('in direct messages: quarantine is its own scope and !allowdomain is refused', async () => {
    const { bot } = await start()
    await post(bot, undefined, 'd1')
    await post(bot, 'A', 'a1')
    const list = await say(bot, undefined, OP, '!quarantine list')
    expect(list).toContain('`d1.txt`')
    expect(list).not.toContain('a1.txt')
    expect(await say(bot, undefined, OP, '!allowdomain example.com')).toBe(
      '`!allowdomain` works in a server, for that server. To allow a domain in every server, the operator adds it to `links.allowlist` in the antivirus options.',
    )
    // A role named with its guild means nothing outside that guild.
    expect(await say(bot, undefined, ALICE_IN_A, '!quarantine list')).toMatch(/^⛔/)
  })
})

describe('reports go to the server they concern (issue 11)', () => {
  it("each server's report reaches its own moderator channel; the operator's channel gets the rest", async () => {
    const made = await antivirusBot({ moderatorChannels: { A: 'a-mods', B: 'b-mods' } }, { access: ACCESS })
    bot = made.bot
    await post(bot, 'A', 'a1')
    await post(bot, 'B', 'b1')
    await post(bot, 'C', 'c1')
    const reports = (channel: string) => postedIn(made.bot, channel).join('\n')
    expect(reports('a-mods')).toContain('message a1')
    expect(reports('a-mods')).not.toMatch(/message [bc]1/)
    expect(reports('b-mods')).toContain('message b1')
    expect(reports('b-mods')).not.toMatch(/message [ac]1/)
    // The operator's channel (moderatorChannel 'mods' in the test bot) gets servers without their own.
    expect(reports('mods')).toContain('message c1')
    expect(reports('mods')).not.toMatch(/message [ab]1/)
  })
})
