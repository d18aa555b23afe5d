import { type ChatMessage, isBanterError } from '@banter/core'
import TimestampPlugin from '@banter/plugin-timestamp'
import { afterEach, describe, expect, it } from 'vitest'
import { ProbePlugin } from './__fixtures__/probe-plugin.js'
import { type DiscordTestBot, FakeDiscord, startDiscordTestBot } from './testing/index.js'

const STAMP = '[2026-11-22 09:30:00] '

let current: DiscordTestBot | undefined
let extraFake: FakeDiscord | undefined
afterEach(async () => {
  await current?.stop()
  await extraFake?.close()
  current = undefined
  extraFake = undefined
})

async function start() {
  current = await startDiscordTestBot({ plugins: [TimestampPlugin, ProbePlugin] })
  const received: ChatMessage[] = []
  current.bot.events.on('message.received', ({ message }) => {
    received.push(message)
  })
  return { ...current, received }
}

describe('DiscordAdapter resilience', () => {
  it('retries a 429 with Retry-After and the message still arrives, once', async () => {
    const { fake } = await start()
    const route = `/channels/${fake.channelId}/messages`
    fake.rateLimitNext(route, 0.2, { method: 'POST' })
    const id = fake.userMessage({ content: '!ping' })
    const reply = await fake.waitForBotMessage((m) => m.message_reference?.message_id === id)
    expect(reply.content).toBe(`${STAMP}pong`)
    const posts = fake.calls.filter((c) => c.method === 'POST' && c.path === route)
    expect(posts.map((c) => c.status)).toEqual([429, 200])
    expect(posts[1]?.body).toEqual(posts[0]?.body)
    expect(fake.messages().filter((m) => m.message.author.id === fake.botId)).toHaveLength(1)
  })

  it('resumes after an op 7 reconnect and loses no message sent around it', async () => {
    const { fake, received } = await start()
    fake.userMessage({ content: '!echo before' })
    fake.reconnect()
    fake.userMessage({ content: '!echo during' })
    await fake.waitForBotMessage((m) => m.content === `${STAMP}during`)
    await fake.waitForBotMessage((m) => m.content === `${STAMP}before`)
    fake.userMessage({ content: '!echo after' })
    await fake.waitForBotMessage((m) => m.content === `${STAMP}after`)
    expect(fake.gateway).toEqual({ identifies: 1, resumes: 1, connected: 1 })
    expect(current?.adapter.status).toBe('ready')
    expect(received.map((m) => m.content)).toEqual(['!echo before', '!echo during', '!echo after'])
  })

  it('survives malformed gateway payloads and keeps answering', async () => {
    const { fake, bot, logText } = await start()
    fake.sendRaw('this is not json')
    fake.sendRaw({ op: 99, d: { what: 'unknown opcode' } })
    fake.sendRaw({ t: 'MESSAGE_CREATE', d: null })
    fake.sendRaw({ t: 'MESSAGE_CREATE', d: { id: '123456789012345678', channel_id: fake.channelId } })
    fake.sendRaw({ t: 'INTERACTION_CREATE', d: { type: 2 } })
    fake.sendRaw({ t: 'GUILD_MEMBER_ADD', d: { guild_id: fake.guildId } })
    const id = fake.userMessage({ content: '!ping' })
    const reply = await fake.waitForBotMessage((m) => m.message_reference?.message_id === id)
    expect(reply.content).toBe(`${STAMP}pong`)
    expect(bot.status).toBe('running')
    expect(logText()).toContain('dropped a malformed MESSAGE_CREATE payload')
  })

  it('refuses a wrong token with a clear error that does not print it', async () => {
    extraFake = await FakeDiscord.start({ token: 'the-right-token' })
    const failure = await startDiscordTestBot({
      fake: extraFake,
      adapter: { token: 'wrong-secret-token' },
    }).catch((error: unknown) => error)
    expect(isBanterError(failure)).toBe(true)
    // The bot keeps the adapter's own error: its code and its hint reach the operator unchanged.
    const error = failure as Error & { code: string }
    expect(error.code).toBe('DISCORD_TOKEN_INVALID')
    expect(error.message).toContain('Discord rejected the bot token')
    expect(error.message).not.toContain('wrong-secret-token')
    expect(extraFake.calls.map((c) => [c.path, c.status])).toEqual([['/gateway/bot', 401]])
  })

  it('says which privileged intent to enable when Discord refuses the intents', async () => {
    extraFake = await FakeDiscord.start({ privilegedIntents: [] })
    const failure = await startDiscordTestBot({ fake: extraFake }).catch((error: unknown) => error)
    const error = failure as Error & { code: string; hint: string }
    expect(error.code).toBe('DISCORD_INTENTS_DISALLOWED')
    expect(error.message).toContain('close code 4014')
    expect(error.message).toContain('MessageContent')
    expect(error.hint).toContain('Privileged Gateway Intents')
  })

  it('sends without a gateway connection in send-only mode', async () => {
    current = await startDiscordTestBot({ adapter: { sendOnly: true } })
    const { bot, fake, adapter } = current
    expect(adapter.status).toBe('ready')
    const sent = await bot.send(fake.channelId, 'from a worker')
    const message = fake.message(sent.id)?.message
    expect(message?.content).toBe('from a worker')
    expect(fake.gateway.identifies).toBe(0)
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /channels/${fake.channelId}/messages`,
    ])
  })

  it('turns Discord refusals into coded errors (unknown channel)', async () => {
    const { bot } = await start()
    const failure = await bot.send('999999999999999999', 'hello').catch((error: unknown) => error)
    expect((failure as { code?: string }).code).toBe('DISCORD_UNKNOWN_TARGET')
    expect((failure as Error).message).toContain('Discord answered 404 (code 10003, "Unknown Channel")')
  })

  it('emits member.joined with the GuildMembers intent', async () => {
    current = await startDiscordTestBot({
      adapter: { intents: ['Guilds', 'GuildMessages', 'MessageContent', 'GuildMembers'] },
    })
    const joined: unknown[] = []
    current.bot.events.on('member.joined', (payload) => {
      joined.push(payload)
    })
    const id = current.fake.memberJoin({ username: 'newbie', roles: ['Moderator'] })
    await expect.poll(() => joined.length).toBe(1)
    expect(joined[0]).toEqual({
      guildId: current.fake.guildId,
      platform: 'discord',
      user: {
        id,
        name: 'newbie',
        bot: false,
        roles: [current.fake.roles.Moderator],
        roleNames: ['Moderator'],
      },
    })
  })
})
