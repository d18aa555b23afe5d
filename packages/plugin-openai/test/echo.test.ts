import { BasePlugin, type PluginContext, type PluginManifest, z } from '@banter/core'
import { describe, expect, it, vi } from 'vitest'
import { answer, type Responder, toolCall } from './fake-openai-server.js'
import { everythingSent, nextEvent, openaiBot, startServer } from './helpers.js'

/** A question far past anything worth quoting back (with a backtick, which would break a code span). */
const QUESTION = `${'Why is the sky blue` and not green? '.repeat(1500)}`.trim()
/** A stretch of the question that must never show up whole anywhere. */
const STRETCH = QUESTION.slice(0, 400)

/** A server that refuses the request and quotes the whole conversation back, as some servers do. */
function refuseQuotingInput(): Responder {
  return (request, res) => {
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        error: {
          message: `invalid request: ${JSON.stringify(request.body.messages)}`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      }),
    )
  }
}

/** A command the model may call with a free-text argument. */
class NotesPlugin extends BasePlugin {
  static manifest = {
    name: 'notes',
    version: '1.0.0',
    description: 'a test command for tools',
    permissions: ['messages:send'],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext) {
    ctx.commands.register({
      name: 'note',
      description: 'Keeps a note',
      args: z.object({ text: z.string() }),
      handler: async ({ reply }) => {
        await reply('📝 noted')
      },
    })
  }
}

describe('replies that echo input are cut to a short quoted excerpt', () => {
  it('an error body that quotes the whole question back reaches the log and openai.failed only as an excerpt', async () => {
    const server = await startServer()
    server.enqueue(refuseQuotingInput())
    const b = await openaiBot(server, { maxInputLength: 100_000, maxRetries: 0 })
    const failed = nextEvent(b, 'openai.failed')

    const [reply] = await b.receive(`!ask ${QUESTION}`)

    expect(reply?.content).toBe(
      "Sorry, my AI service couldn't take that question (it may be too long). Please try a shorter one.",
    )
    const event = await failed
    expect(event.error.code).toBe('OPENAI_REQUEST_REJECTED')
    expect(event.error.message).toMatch(
      /^the AI service at .* refused the request \(HTTP 400\): 400 invalid request: /,
    )
    expect(event.error.message).toMatch(/… \(\d+ more characters\)$/)
    expect(event.error.message.length).toBeLessThan(600)
    expect(b.logText()).not.toContain(STRETCH)
    expect(b.logText()).toContain('more characters)')
  })

  it('a command line the model wrote is logged as an excerpt', async () => {
    const server = await startServer()
    server.enqueue(toolCall('note', { text: QUESTION }), answer('Noted.'))
    const b = await openaiBot(server, { tools: ['note'] }, { after: [NotesPlugin] })
    const tool = nextEvent(b, 'openai.tool')

    await b.receive('!ask take a long note')

    expect((await tool).ok).toBe(true)
    const record = b.logs.find((r) => String(r.msg).startsWith('the model ran the command "note"'))
    expect(record).toBeDefined()
    const line = String((record as { line?: unknown }).line)
    expect(line.startsWith('note Why is the sky blue` and not green?')).toBe(true)
    expect(line).toMatch(/… \(\d+ more characters\)$/)
    expect(line.length).toBeLessThan(400)
    expect(b.logText()).not.toContain(STRETCH)
  })

  it('no notice of the plugin quotes a huge question back, however it was asked', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { channels: ['ai-chat'] })
    const huge = QUESTION.repeat(20)
    const replies = [
      ...(await b.receive(`!ask ${huge}`)),
      ...(await b.receive({ content: `<@bot-id> ${huge}`, mentions: { bot: true, users: ['bot-id'] } })),
      ...(await b.receive(`!forget ${huge}`)),
    ]
    await b.receive({ content: huge, channelId: 'ai-chat' })
    await vi.waitFor(() => expect(b.sent).toHaveLength(4))
    expect(replies).toHaveLength(3)
    for (const message of b.sent) expect(message.content.length).toBeLessThanOrEqual(200)
    expect(everythingSent(b)).not.toContain('sky blue')
    expect(server.requests).toHaveLength(0)
  })
})
