import type { ChatMessage } from '@banter/core'
import TimestampPlugin from '@banter/plugin-timestamp'
import { afterEach, describe, expect, it } from 'vitest'
import { LONG_TEXT, ProbePlugin } from './__fixtures__/probe-plugin.js'
import type { DiscordAdapterOptions } from './options.js'
import { type DiscordTestBot, startDiscordTestBot } from './testing/index.js'

const STAMP = '[2026-11-22 09:30:00] '

let current: DiscordTestBot | undefined
afterEach(async () => {
  await current?.stop()
  current = undefined
})

async function start(adapter: DiscordAdapterOptions = {}) {
  current = await startDiscordTestBot({ plugins: [TimestampPlugin, ProbePlugin], adapter })
  const received: ChatMessage[] = []
  current.bot.events.on('message.received', ({ message }) => {
    received.push(message)
  })
  return { ...current, received }
}

describe('DiscordAdapter with the real discord.js client against the fake Discord', () => {
  it('runs a guild message through the plugin pipeline and posts the stamped reply', async () => {
    const { fake, received } = await start()
    const id = fake.userMessage({ content: '!ping', author: { roles: ['Moderator'] } })
    const reply = await fake.waitForBotMessage((m) => m.message_reference?.message_id === id)
    expect(reply.content).toBe(`${STAMP}pong`)
    expect(reply.channel_id).toBe(fake.channelId)
    const [message] = received
    expect(message).toMatchObject({
      id,
      channelId: fake.channelId,
      guildId: fake.guildId,
      content: '!ping',
      platform: 'discord',
      author: { id: fake.userId, name: 'alice', bot: false },
    })
    expect(message?.author.roles).toEqual([fake.roles.Moderator])
    expect(message?.author.roleNames).toEqual(['Moderator'])
    const call = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`,
    )
    expect(call.headers.authorization).toBe('Bot fake-token')
    expect(call.body).toMatchObject({
      message_reference: { message_id: id, fail_if_not_exists: false },
      allowed_mentions: { parse: ['users', 'roles'] },
    })
  })

  it('maps mentions of the bot and replies to earlier messages', async () => {
    const { fake, received, bot } = await start()
    const first = fake.userMessage({ content: 'hello there' })
    const second = fake.userMessage({ content: 'see above', mentionsBot: true, replyTo: first })
    await expect.poll(() => received.length).toBe(2)
    expect(received[0]?.mentions).toEqual({ users: [], roles: [], everyone: false, bot: false })
    expect(received[0]?.replyTo).toBeUndefined()
    expect(received[1]).toMatchObject({ id: second, replyTo: first, content: `<@${fake.botId}> see above` })
    expect(received[1]?.mentions).toEqual({ users: [fake.botId], roles: [], everyone: false, bot: true })
    expect(bot.status).toBe('running')
  })

  it('edits, deletes and reacts through REST', async () => {
    const { fake } = await start()
    fake.userMessage({ content: '!draft' })
    const draft = await fake.waitForBotMessage((m) => m.content.endsWith('final'))
    expect(fake.message(draft.id)?.history).toEqual([`${STAMP}draft`])
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${draft.id}`))).toBe(
      true,
    )

    fake.userMessage({ content: '!vanish' })
    const bye = await fake.waitForBotMessage((m) => m.content === `${STAMP}bye`)
    await fake.waitFor((c) => c.method === 'DELETE' && c.path.endsWith(`/messages/${bye.id}`))
    expect(fake.message(bye.id)?.deleted).toBe(true)

    const like = fake.userMessage({ content: '!like' })
    await fake.waitFor(
      (c) => c.method === 'PUT' && c.path.includes('/reactions/banter%3A123456789012345678/@me'),
    )
    expect(fake.message(like)?.reactions).toEqual(['👍', 'banter:123456789012345678'])
  })

  it('answers a direct message (Channel partial) in the DM channel', async () => {
    const { fake, received } = await start()
    const id = fake.userMessage({ content: '!echo hi in private', channelId: fake.dmChannelId })
    const reply = await fake.waitForBotMessage((m) => m.channel_id === fake.dmChannelId)
    expect(reply.content).toBe(`${STAMP}hi in private`)
    expect(received[0]).toMatchObject({ id, channelId: fake.dmChannelId })
    expect(received[0]?.guildId).toBeUndefined()
    expect(received[0]?.author.roles).toBeUndefined()
  })

  it("ignores its own messages (Discord echoes them) and other bots' unless allowBots", async () => {
    const { fake, received } = await start()
    fake.userMessage({
      content: '!ping',
      author: { id: '111111111111111111', username: 'otherbot', bot: true },
    })
    fake.userMessage({ content: '!echo from a human' })
    await fake.waitForBotMessage((m) => m.content === `${STAMP}from a human`)
    // The echo of the bot's reply has arrived too: it comes before the next message the bot sees.
    fake.userMessage({ content: 'last' })
    await expect.poll(() => received.at(-1)?.content).toBe('last')
    expect(received.map((m) => m.content)).toEqual(['!echo from a human', 'last'])
    expect(fake.messages().filter((m) => m.message.author.id === fake.botId)).toHaveLength(1)
  })

  it('takes messages from other bots with allowBots, still never its own', async () => {
    const { fake, received } = await start({ allowBots: true })
    fake.userMessage({
      content: '!echo beep',
      author: { id: '111111111111111111', username: 'otherbot', bot: true },
    })
    await fake.waitForBotMessage((m) => m.content === `${STAMP}beep`)
    fake.userMessage({ content: 'last' })
    await expect.poll(() => received.at(-1)?.content).toBe('last')
    expect(received.map((m) => [m.content, m.author.bot])).toEqual([
      ['!echo beep', true],
      ['last', false],
    ])
  })

  it('splits a reply over 2000 characters into two messages on a line boundary', async () => {
    const { fake } = await start()
    const id = fake.userMessage({ content: '!long' })
    const first = await fake.waitForBotMessage((m) => m.message_reference?.message_id === id)
    const second = await fake.waitForBotMessage((m) => m.content.startsWith('omega'))
    const stamped = `${STAMP}${LONG_TEXT}`
    expect(first.content).toBe(stamped.slice(0, stamped.indexOf('\n')))
    expect(second.content).toBe(stamped.slice(stamped.indexOf('\n') + 1))
    expect(first.content.length).toBeLessThanOrEqual(2000)
    expect(second.message_reference).toBeUndefined()
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([])
  })

  it('passes a nonce with enforce_nonce so a retried send posts once', async () => {
    const { fake } = await start()
    fake.userMessage({ content: '!once' })
    const posts = () =>
      fake.calls.filter(
        (c) => c.method === 'POST' && (c.body as { nonce?: string })?.nonce === 'probe-nonce-1',
      )
    await expect.poll(() => posts().length).toBe(2)
    expect(posts()[0]?.body).toMatchObject({ nonce: 'probe-nonce-1', enforce_nonce: true })
    expect(fake.messages().filter((m) => m.message.content === `${STAMP}only once`)).toHaveLength(1)
  })

  it('uploads outgoing files as multipart', async () => {
    const { fake } = await start()
    fake.userMessage({ content: '!file' })
    const call = await fake.waitFor((c) => c.method === 'POST' && c.files.length > 0)
    expect(call.files[0]).toMatchObject({ field: 'files[0]', name: 'note.txt' })
    expect(call.files[0]?.data.toString()).toBe('hello file')
    expect(call.body).toMatchObject({
      content: `${STAMP}here`,
      attachments: [{ id: 0, filename: 'note.txt' }],
    })
  })

  it('gets blank content when the MessageContent intent is missing (the fake enforces it), but mentions still read', async () => {
    const { fake, received, logText } = await start({
      intents: ['Guilds', 'GuildMessages', 'DirectMessages'],
    })
    fake.userMessage({ content: '!ping' })
    fake.userMessage({ content: 'hello bot', mentionsBot: true })
    await expect.poll(() => received.length).toBe(2)
    expect(received[0]?.content).toBe('')
    expect(received[1]?.content).toBe(`<@${fake.botId}> hello bot`)
    expect(fake.messages().filter((m) => m.message.author.id === fake.botId)).toEqual([])
    expect(logText()).toContain('the MessageContent intent is off')
  })
})
