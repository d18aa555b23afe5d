import { BasePlugin, type PluginContext, type PluginManifest, z } from '@banter/core'
import { describe, expect, it } from 'vitest'
import { answer, toolCall } from './fake-openai-server.js'
import { nextEvent, openaiBot, startServer } from './helpers.js'

/** A small plugin with the command the model may call, and one it may not. */
class ReminderPlugin extends BasePlugin {
  static manifest = {
    name: 'reminder',
    version: '1.0.0',
    description: 'a test command for tools',
    permissions: ['messages:send'],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext) {
    ctx.commands.register({
      name: 'remind',
      description: 'Reminds you of something later',
      args: z.object({ minutes: z.coerce.number().int().positive(), text: z.string() }),
      handler: async ({ args, reply, message }) => {
        await reply(`⏰ I'll remind ${message.author.name} in ${args.minutes} min: ${args.text}`)
      },
    })
    ctx.commands.register({
      name: 'ban',
      description: 'Bans someone',
      args: z.object({ user: z.string() }),
      handler: async ({ reply }) => {
        await reply('banned')
      },
    })
  }
}

describe('tools: bot commands the model may call', () => {
  it('round trip: the model calls a listed command, the bot runs it as the asker, the model answers', async () => {
    const server = await startServer()
    server.enqueue(
      toolCall('remind', { minutes: '5', text: 'take the tea out' }),
      answer('Done: reminder set for 5 minutes.'),
    )
    const b = await openaiBot(server, { tools: ['remind'] }, { after: [ReminderPlugin] })
    const tool = nextEvent(b, 'openai.tool')
    const answered = nextEvent(b, 'openai.answered')

    const replies = await b.receive({
      content: '!ask remind me in 5 minutes to take the tea out',
      author: { id: 'ada', name: 'Ada' },
    })

    // The first request offers only the listed command, with its arguments as parameters.
    const offered = server.requests[0]?.body.tools
    expect(offered).toHaveLength(1)
    expect(offered[0].function).toMatchObject({
      name: 'remind',
      parameters: {
        type: 'object',
        properties: { minutes: { type: 'string' }, text: { type: 'string' } },
        required: ['minutes', 'text'],
      },
    })
    expect(offered[0].function.description).toContain('!remind <minutes> <text...>')
    // The command ran as Ada and replied in the channel.
    expect(replies.map((r) => r.content)).toEqual([
      "⏰ I'll remind Ada in 5 min: take the tea out",
      'Done: reminder set for 5 minutes.',
    ])
    // Its reply went back to the model in the second request.
    const second = server.requests[1]?.body.messages
    expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ function: { name: 'remind' } }] })
    expect(second.at(-1).role).toBe('tool')
    expect(JSON.parse(second.at(-1).content)).toEqual({
      ok: true,
      replies: ["⏰ I'll remind Ada in 5 min: take the tea out"],
    })
    expect(await tool).toMatchObject({
      command: 'remind',
      line: 'remind 5 take the tea out',
      ok: true,
      userId: 'ada',
    })
    expect((await answered).toolCalls).toBe(1)
    expect(b.logs.find((l) => l.command === 'remind')?.msg).toBe(
      'the model ran the command "remind" for user ada',
    )
  })

  it('a command the operator did not list is never offered, and a call to it runs nothing', async () => {
    const server = await startServer()
    server.enqueue(toolCall('ban', { user: 'bob' }), answer('I cannot do that.'))
    const b = await openaiBot(server, { tools: ['remind'] }, { after: [ReminderPlugin] })
    const replies = await b.receive('!ask ban bob')
    expect(
      server.requests[0]?.body.tools.map((t: { function: { name: string } }) => t.function.name),
    ).toEqual(['remind'])
    expect(replies.map((r) => r.content)).toEqual(['I cannot do that.'])
    expect(server.requests[1]?.body.messages.at(-1).content).toMatch(/Invalid tool_call: "ban"/)
  })

  it('a failing command is reported to the model as failed', async () => {
    const server = await startServer()
    server.enqueue(toolCall('remind', { minutes: 'soon', text: 'tea' }), answer('Sorry, that did not work.'))
    const b = await openaiBot(
      server,
      { tools: [{ command: 'remind', description: 'Sets a reminder' }] },
      { after: [ReminderPlugin] },
    )
    const tool = nextEvent(b, 'openai.tool')
    await b.receive('!ask remind me soon')
    expect(server.requests[0]?.body.tools[0].function.description).toMatch(/^Sets a reminder/)
    expect((await tool).ok).toBe(false)
    expect(JSON.parse(server.requests[1]?.body.messages.at(-1).content).ok).toBe(false)
  })

  it('text the model writes before and after a tool call is set apart', async () => {
    const server = await startServer()
    server.enqueue(toolCall('remind', { minutes: '2', text: 'tea' }, 'Setting it up.'), answer('All set.'))
    const b = await openaiBot(server, { tools: ['remind'] }, { after: [ReminderPlugin] })
    const answered = nextEvent(b, 'openai.answered')
    await b.receive('!ask remind me about tea in 2 minutes')
    const event = await answered
    expect(event.text).toBe('Setting it up.\n\nAll set.')
    expect(b.adapter.message(event.messageIds[0] as string)?.content).toBe('Setting it up.\n\nAll set.')
  })

  it('works without streaming too', async () => {
    const server = await startServer()
    server.enqueue(toolCall('remind', { minutes: '1', text: 'stretch' }), answer('Reminder set.'))
    const b = await openaiBot(server, { tools: ['remind'], stream: false }, { after: [ReminderPlugin] })
    const replies = await b.receive('!ask remind me to stretch in a minute')
    expect(replies.map((r) => r.content)).toEqual(["⏰ I'll remind user in 1 min: stretch", 'Reminder set.'])
    expect(server.requests.map((r) => r.body.stream)).toEqual([false, false])
  })

  it('a listed command that no plugin registered is left out, with one warning', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { tools: ['remind', 'nope'] }, { after: [ReminderPlugin] })
    await b.receive('!ask one')
    await b.receive('!ask two')
    expect(
      server.requests[0]?.body.tools.map((t: { function: { name: string } }) => t.function.name),
    ).toEqual(['remind'])
    expect(b.logs.filter((l) => l.command === 'nope' && l.level === 40)).toHaveLength(1)
  })
})
