import { definePlugin, z } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'

let open: TestBot | undefined
afterEach(async () => {
  await open?.stop()
  open = undefined
})

const seen: string[] = []

/** A command, a listener and an inbound hook, each recording where it ran, with a scoped option. */
const Echo = definePlugin({
  manifest: {
    name: 'echo',
    version: '1.0.0',
    description: 'echoes',
    permissions: ['messages:read', 'messages:send'],
  },
  configSchema: z.object({ word: z.string().default('echo') }),
  setup(ctx) {
    ctx.commands.register({
      name: 'hi',
      description: 'says the word',
      handler: async ({ reply, config, message }) => {
        const scoped = config as { word: string }
        await reply(`${scoped.word}/${ctx.configFor(message).word}/${ctx.config.word}`)
      },
    })
    ctx.events.on('message.received', ({ message }) => void seen.push(`listener:${message.channelId}`))
  },
  onMessageReceived(message) {
    seen.push(`hook:${message.channelId}`)
  },
})

async function bot() {
  seen.length = 0
  open = await createTestBot({
    plugins: [[Echo, { word: 'base' }]],
    config: {
      access: { admin: { users: ['boss'] } },
      scopes: {
        echo: {
          channels: { quiet: { enabled: false }, loud: { options: { word: 'LOUD' } } },
          guilds: { g2: { options: { word: 'guild-two' } } },
        },
      },
    },
  })
  return open
}

describe('scopes', () => {
  it('a plugin off in one channel: no command, no !help line, no listener, no hook there; on elsewhere', async () => {
    const b = await bot()
    expect(await b.receive({ content: '!hi', channelId: 'quiet' })).toEqual([])
    const [help] = await b.receive({ content: '!help', channelId: 'quiet' })
    expect(help?.content).not.toContain('!hi')
    expect(seen).toEqual([])
    const [reply] = await b.receive({ content: '!hi', channelId: 'other' })
    expect(reply?.content).toBe('base/base/base')
    expect(seen).toEqual(['hook:other', 'listener:other'])
    expect((await b.receive({ content: '!help', channelId: 'other' }))[0]?.content).toContain('!hi')
  })

  it('options overridden per channel and per guild reach the command argument and ctx.configFor', async () => {
    const b = await bot()
    expect((await b.receive({ content: '!hi', channelId: 'loud' }))[0]?.content).toBe('LOUD/LOUD/base')
    expect((await b.receive({ content: '!hi', channelId: 'c9', guildId: 'g2' }))[0]?.content).toBe(
      'guild-two/guild-two/base',
    )
    // A channel's rule wins over its guild's.
    expect((await b.receive({ content: '!hi', channelId: 'loud', guildId: 'g2' }))[0]?.content).toBe(
      'LOUD/LOUD/base',
    )
    await b.plugins.configure('echo', { word: 'new-base' })
    expect((await b.receive({ content: '!hi', channelId: 'other' }))[0]?.content).toBe(
      'new-base/new-base/new-base',
    )
  })

  it('changes at run time through chat (admin only), audited', async () => {
    const b = await bot()
    const boss = { id: 'boss', name: 'Boss' }
    const [done] = await b.receive({ content: '!plugins scope echo off', channelId: 'here', author: boss })
    expect(done?.content).toBe('echo is off in channel here.')
    expect(await b.receive({ content: '!hi', channelId: 'here' })).toEqual([])
    await b.receive({ content: '!plugins scope echo on #here', channelId: 'x', author: boss })
    expect((await b.receive({ content: '!hi', channelId: 'here' }))[0]?.content).toBe('base/base/base')
    await b.receive({
      content: '!plugins scope echo off guild',
      channelId: 'c1',
      guildId: 'g5',
      author: boss,
    })
    expect(await b.receive({ content: '!hi', channelId: 'c2', guildId: 'g5' })).toEqual([])
    expect(b.bot.admin.scopes('echo').guilds?.g5).toEqual({ enabled: false })
    const refused = await b.receive({
      content: '!plugins scope echo off',
      channelId: 'c3',
      author: { id: 'eve', name: 'Eve' },
    })
    expect(refused[0]?.content).toMatch(/^Refused/)
    const log = await b.bot.admin.auditLog()
    expect(log.map((e) => `${e.action} ${e.target} ${e.outcome}`)).toEqual([
      'chat:scope echo refused',
      'scope echo guild:g5 ok',
      'scope echo channel:here ok',
      'scope echo channel:here ok',
    ])
  })

  it('refuses scoped options the schema refuses, changing nothing', async () => {
    const b = await bot()
    await expect(
      b.bot.admin.scope('echo', 'channel', 'z', { options: { word: 42 } }, { kind: 'code', id: 't' }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    expect(b.bot.admin.scopes('echo').channels?.z).toBeUndefined()
  })
})
