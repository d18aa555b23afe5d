// The example test of the README, kept here so it always runs.
import { BasePlugin, type PluginContext, type PluginManifest } from '@banter/core'
import { type DiscordTestBot, startDiscordTestBot } from '@banter/discord/testing'
import { afterEach, expect, it } from 'vitest'

class GreeterPlugin extends BasePlugin {
  static manifest = {
    name: 'greeter',
    version: '1.0.0',
    description: 'Greets people',
    permissions: ['messages:send'],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext): void {
    ctx.commands.register({
      name: 'hello',
      description: 'Says hello',
      handler: async ({ message, reply }) => {
        await reply(`Hello, ${message.author.name}!`)
      },
    })
  }
}

let t: DiscordTestBot | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

it('greets on Discord', async () => {
  t = await startDiscordTestBot({ plugins: [GreeterPlugin] })
  const id = t.fake.userMessage({ content: '!hello' })
  const reply = await t.fake.waitForBotMessage((m) => m.message_reference?.message_id === id)
  expect(reply.content).toBe('Hello, alice!')
})

it('answers the slash command too', async () => {
  t = await startDiscordTestBot({ plugins: [GreeterPlugin], adapter: { slashCommands: true } })
  expect(t.fake.commands.global.map((c) => c.name)).toContain('hello')
  t.fake.interaction({ name: 'hello' })
  const reply = await t.fake.waitForBotMessage((m) => m.content === 'Hello, alice!')
  expect(reply.webhook_id).toBe(t.fake.botId) // an interaction response
})
