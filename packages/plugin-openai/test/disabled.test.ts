import { createTestBot } from '@banter/core/testing'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import OpenAIPlugin, { OpenAIPlugin as Named } from '../src/index.js'
import { manual } from './fake-openai-server.js'
import { openaiBot, startServer, TEST_KEY } from './helpers.js'

async function bot(options: Record<string, unknown>) {
  const b = await createTestBot({ plugins: [[OpenAIPlugin, options]] })
  onTestFinished(() => b.stop())
  return b
}

describe('start-up and configuration', () => {
  it('is the default and a named export, named "openai", providing the ai service', () => {
    expect(OpenAIPlugin).toBe(Named)
    expect(OpenAIPlugin.manifest.name).toBe('openai')
    expect(OpenAIPlugin.manifest.permissions).toEqual([
      'messages:read',
      'messages:send',
      'storage',
      'network',
    ])
  })

  it('without apiKey and baseURL it does not start, says which variable to set, and the bot runs on', async () => {
    const b = await bot({})
    const info = b.plugins.get('openai')
    expect(info?.status).toBe('error')
    expect(info?.error?.message).toContain(
      'plugin "openai" failed to initialize: no apiKey and no baseURL are set, so it cannot reach an AI service; set the OPENAI_API_KEY environment variable',
    )
    const line = b.logs.find((l) => l.plugin === 'openai' && l.level === 50)
    expect(line?.msg).toMatch(/no apiKey and no baseURL are set.*OPENAI_API_KEY/)
    expect(b.bot.services.tryGet('ai')).toBeUndefined()
    expect(b.commands.find('ask')).toBeUndefined()
    const [pong] = await b.receive('!ping')
    expect(pong?.content).toBe('pong')
  })

  it('an empty apiKey (an unset environment variable) counts as none', async () => {
    const b = await bot({ apiKey: '  ' })
    expect(b.plugins.get('openai')?.error?.message).toContain('no apiKey and no baseURL are set')
  })

  it('with only a baseURL (a local server) it runs without a key', async () => {
    const server = await startServer()
    const b = await bot({ baseURL: server.url })
    const [reply] = await b.receive('!ask hello local model')
    expect(reply?.content).toBe('fallback answer')
    expect(server.requests[0]?.headers.authorization).toBe('Bearer banter-no-key')
    expect(b.logs.find((l) => l.msg === `ready: model "gpt-4o-mini" at ${server.url}`)).toBeDefined()
  })

  it('bad options are refused with the path of each, the key masked', async () => {
    const b = await createTestBot()
    onTestFinished(() => b.stop())
    const error = await b.plugins
      .load(OpenAIPlugin, { apiKey: 42, baseURL: 'ftp://example.com', temperature: 3, tool: ['x'] })
      .catch((e: Error) => e)
    const message = (error as Error).message
    expect(message).toContain('plugin "openai": options.apiKey')
    expect(message).toContain('plugin "openai": options.baseURL: must be an http(s) URL')
    expect(message).toContain('plugin "openai": options.temperature')
    expect(message).toMatch(/"tool"/)
    expect(b.plugins.get('openai')).toBeUndefined()
  })

  it('without the network permission it does not start, and says why', async () => {
    const server = await startServer()
    const b = await openaiBot(server, {}, { config: { permissions: { openai: { deny: ['network'] } } } })
    // Found at load, before the plugin runs: the error names the permission and the config line.
    expect(b.plugins.get('openai')?.error).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining('"network" (denied at permissions.openai.deny)'),
    })
    expect(b.logText()).not.toContain(TEST_KEY)
  })

  it('stopping the plugin mid-answer ends the request, marks the answer cut off and leaves no timer behind', async () => {
    const server = await startServer()
    const b = await openaiBot(server, { channels: ['ai'] })
    const { responder, stream } = manual()
    server.enqueue(responder)
    await b.receive({ content: 'start a long answer', channelId: 'ai' })
    await stream.started
    stream.send('the beginning')
    await vi.waitFor(() => expect(b.sent[0]?.content).toBe('the beginning'))
    await b.plugins.disable('openai')
    expect(b.plugins.get('openai')?.status).toBe('disabled')
    expect(b.bot.timers.active).toBe(0)
    // destroy() runs while the context still works, so the partial answer is kept and marked.
    expect(b.sent.map((m) => m.content)).toEqual(['the beginning\n\n*(cut off: the bot is restarting)*'])
    expect(b.logs.some((l) => l.code === 'OPENAI_CUT_OFF')).toBe(true)
  })
})
