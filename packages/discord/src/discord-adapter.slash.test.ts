import type { ChatMessage } from '@banter/core'
import TimestampPlugin from '@banter/plugin-timestamp'
import { afterEach, describe, expect, it } from 'vitest'
import { holdSlowCommand, ProbePlugin } from './__fixtures__/probe-plugin.js'
import type { DiscordAdapterOptions } from './options.js'
import { type DiscordTestBot, FakeDiscord, startDiscordTestBot } from './testing/index.js'

const STAMP = '[2026-11-22 09:30:00] '

let current: DiscordTestBot | undefined
afterEach(async () => {
  await current?.stop()
  current = undefined
})

async function start(slashCommands: DiscordAdapterOptions['slashCommands'] = true) {
  current = await startDiscordTestBot({ plugins: [TimestampPlugin, ProbePlugin], adapter: { slashCommands } })
  const received: ChatMessage[] = []
  current.bot.events.on('message.received', ({ message }) => {
    received.push(message)
  })
  return { ...current, received }
}

const callback = (c: { path: string }, id: string) => c.path.startsWith(`/interactions/${id}/`)

describe('DiscordAdapter slash commands', () => {
  it('registers the commands globally, arguments as string options', async () => {
    const { fake } = await start()
    const put = fake.calls.find((c) => c.method === 'PUT')
    expect(put?.path).toBe(`/applications/${fake.botId}/commands`)
    const names = fake.commands.global.map((c) => c.name)
    expect(names).toEqual(expect.arrayContaining(['help', 'ping', 'echo', 'remind', 'slow']))
    const remind = fake.commands.global.find((c) => c.name === 'remind')
    expect(remind?.description).toBe('Says when it would remind you')
    expect(remind?.options).toEqual([
      { type: 3, name: 'minutes', description: 'minutes', required: true },
      { type: 3, name: 'text', description: 'text (the rest of the line)', required: true },
    ])
    expect(fake.commands.guild).toEqual([])

    await current?.bot.plugins.unload('probe')
    await fake.waitFor((c) => c.method === 'PUT' && (c.body as unknown[]).length === 2)
    expect(fake.commands.global.map((c) => c.name)).toEqual(['help', 'ping'])
  })

  it('registers in one guild when asked', async () => {
    const fake = await FakeDiscord.start()
    current = await startDiscordTestBot({
      fake,
      plugins: [ProbePlugin],
      adapter: { slashCommands: { guildId: fake.guildId } },
    })
    const stop = current.stop
    current = { ...current, stop: () => stop().then(() => fake.close()) }
    expect(fake.calls.find((c) => c.method === 'PUT')?.path).toBe(
      `/applications/${fake.botId}/guilds/${fake.guildId}/commands`,
    )
    expect(fake.commands.guild.map((c) => c.name)).toContain('remind')
    expect(fake.commands.global).toEqual([])
  })

  it('answers a slash command through the normal pipeline, first with the callback', async () => {
    const { fake, received } = await start()
    const { id } = fake.interaction({ name: 'remind', options: { minutes: '5', text: 'drink tea' } })
    const call = await fake.waitFor((c) => callback(c, id))
    expect(call.body).toMatchObject({ type: 4, data: { content: `${STAMP}in 5 min: drink tea` } })
    expect(received[0]).toMatchObject({ id, content: '!remind 5 drink tea', author: { id: fake.userId } })
    expect(received[0]?.author.roles).toEqual([])
  })

  it('sends later replies as follow-ups and edits responses through the webhook', async () => {
    const { fake } = await start()
    const twice = fake.interaction({ name: 'twice' })
    const followUp = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/webhooks/${fake.botId}/${twice.token}`,
    )
    expect(followUp.body).toMatchObject({ content: `${STAMP}two` })
    expect(fake.calls.find((c) => callback(c, twice.id))?.body).toMatchObject({
      data: { content: `${STAMP}one` },
    })

    const draft = fake.interaction({ name: 'draft' })
    const edit = await fake.waitFor(
      (c) => c.method === 'PATCH' && c.path.startsWith(`/webhooks/${fake.botId}/${draft.token}/`),
    )
    expect(edit.body).toMatchObject({ content: `${STAMP}final` })
    const response = fake.calls.find((c) => callback(c, draft.id))?.response as {
      resource: { message: { id: string } }
    }
    expect(edit.path).toBe(`/webhooks/${fake.botId}/${draft.token}/messages/${response.resource.message.id}`)
  })

  it('defers a slow command, then replaces the "thinking" message with the reply', async () => {
    const release = holdSlowCommand()
    const { fake } = await start({ deferAfterMs: 0 })
    const { id, token } = fake.interaction({ name: 'slow' })
    const deferred = await fake.waitFor((c) => callback(c, id))
    expect(deferred.body).toMatchObject({ type: 5 })
    release()
    const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(token))
    expect(decodeURIComponent(edit.path)).toBe(`/webhooks/${fake.botId}/${token}/messages/@original`)
    expect(edit.body).toMatchObject({ content: `${STAMP}late` })
  })

  it('closes an interaction nothing answered with a short ephemeral notice', async () => {
    const { fake } = await start()
    const { id } = fake.interaction({ name: 'quiet' })
    const call = await fake.waitFor((c) => callback(c, id))
    expect(call.body).toMatchObject({ type: 4, data: { content: 'Done.', flags: 64 } })
  })
})
