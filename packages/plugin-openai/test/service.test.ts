import { BasePlugin, type PluginContext, type PluginManifest, z } from '@banter/core'
import { describe, expect, it, vi } from 'vitest'
import { answer, failWith, hang, manual } from './fake-openai-server.js'
import { aiService, openaiBot, startServer } from './helpers.js'

/** A plugin that uses whatever AI provider is loaded, as the workflow plugin's `ai` step would. */
class SummaryPlugin extends BasePlugin {
  static manifest = {
    name: 'summary',
    version: '1.0.0',
    description: 'uses the ai service',
    permissions: ['messages:send', 'network'],
    uses: ['ai'],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext) {
    ctx.commands.register({
      name: 'summarise',
      description: 'Summarises a text',
      args: z.object({ text: z.string() }),
      handler: async ({ args, reply }) => {
        const result = await ctx.services.get('ai').generate(args.text, { system: 'Summarise in one line.' })
        await reply(`Summary: ${result.text}`)
      },
    })
  }
}

describe('the ai service', () => {
  it('generate: another plugin gets a whole answer', async () => {
    const server = await startServer()
    server.enqueue(answer('A short summary.'))
    const b = await openaiBot(server, {}, { after: [SummaryPlugin] })
    const [reply] = await b.receive('!summarise a very long text')
    expect(reply?.content).toBe('Summary: A short summary.')
    expect(server.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 'Summarise in one line.' },
      { role: 'user', content: 'a very long text' },
    ])
  })

  it('a consumer without network cannot send text to the AI provider through the service', async () => {
    const server = await startServer()
    class Offline extends SummaryPlugin {
      static override manifest = {
        ...SummaryPlugin.manifest,
        name: 'offline',
        permissions: ['messages:send'],
      } satisfies PluginManifest
    }
    const b = await openaiBot(server, {}, { after: [Offline] })
    const errors: string[] = []
    b.events.on('plugin.error', (e) => void errors.push(`${e.name}:${e.error.code}`))
    const [reply] = await b.receive('!summarise a secret text')
    expect(reply?.content).toBe("Sorry, `!summarise` failed. The bot's log says why.")
    expect(errors).toContain('offline:PERMISSION_DENIED')
    expect(server.requests).toEqual([])
  })

  it('generate takes history, model, temperature and a token cap', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { stream: false })
    const ai = aiService(b)
    const result = await ai.generate('and now?', {
      history: [
        { role: 'user', content: 'hi', name: 'Ada L.' },
        { role: 'assistant', content: 'hello' },
      ],
      model: 'other-model',
      temperature: 0.2,
      maxTokens: 50,
    })
    expect(result).toEqual({ text: 'fallback answer', finishReason: 'stop', model: 'fake-model' })
    expect(server.requests[0]?.body).toMatchObject({
      model: 'other-model',
      temperature: 0.2,
      max_tokens: 50,
      messages: [
        { role: 'system' },
        { role: 'user', content: 'hi', name: 'Ada_L' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'and now?' },
      ],
    })
  })

  it('stream yields the answer in chunks as they arrive', async () => {
    const server = await startServer()
    server.enqueue(answer('chunk by chunk', { size: 5 }))
    const b = await openaiBot(server)
    const chunks: string[] = []
    for await (const chunk of aiService(b).stream('go')) chunks.push(chunk)
    expect(chunks).toEqual(['chunk', ' by c', 'hunk'])
  })

  it('a consumer that stops reading ends the request', async () => {
    const server = await startServer()
    const { responder, stream } = manual()
    server.enqueue(responder)
    const b = await openaiBot(server, { maxConcurrent: 1 })
    const ai = aiService(b)
    const reading = (async () => {
      for await (const chunk of ai.stream('go')) return chunk
      return undefined
    })()
    await stream.started
    stream.send('first')
    expect(await reading).toBe('first')
    // The slot was given back: another request may start.
    expect((await ai.generate('again')).text).toBe('fallback answer')
  })

  it('generate throws a BanterError with the plugin code; a stream cut off mid-way returns what came', async () => {
    const server = await startServer()
    server.enqueue(failWith(403, 'no access to this model'))
    const b = await openaiBot(server)
    const ai = aiService(b)
    await expect(ai.generate('hi')).rejects.toMatchObject({
      code: 'OPENAI_FORBIDDEN',
      name: 'BanterError [OPENAI_FORBIDDEN]',
    })

    const { responder, stream } = manual()
    server.enqueue(responder)
    const pending = ai.generate('tell me')
    await stream.started
    stream.send('part of it')
    stream.close()
    expect(await pending).toEqual({ text: 'part of it', finishReason: 'cut-off', model: 'gpt-4o-mini' })
  })

  it('the caller may abort; the deadline applies on the bot clock', async () => {
    const server = await startServer()
    server.enqueue(hang(), hang())
    const b = await openaiBot(server, { timeoutMs: 10_000 })
    const ai = aiService(b)
    const controller = new AbortController()
    const aborted = ai.generate('hi', { signal: controller.signal })
    await server.waitForRequests(1)
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ code: 'OPENAI_CUT_OFF' })

    const timed = ai.generate('hi').catch((e: unknown) => e)
    await server.waitForRequests(2)
    await b.clock.tickAsync(10_000)
    await vi.waitFor(async () => expect(await timed).toMatchObject({ code: 'OPENAI_TIMEOUT' }))
  })
})
