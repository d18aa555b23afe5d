import { describe, expect, it } from 'vitest'
import { openaiBot, startServer, TEST_KEY } from './helpers.js'

describe('options changed at run time', () => {
  it('takes a new model and system prompt without a restart; a new trigger restarts it; the key is secret', async () => {
    const server = await startServer()
    const b = await openaiBot(server)
    const result = await b.plugins.configure('openai', { model: 'gpt-live', systemPrompt: 'Be terse.' })
    expect(result.applied).toBe('hook')
    await b.receive('!ask hello')
    const body = server.requests[0]?.body
    expect(body.model).toBe('gpt-live')
    expect(body.messages[0]).toMatchObject({ role: 'system', content: 'Be terse.' })
    expect((await b.plugins.configure('openai', { command: 'question' })).applied).toBe('restart')
    expect(b.commands.find('question')).toBeDefined()
    expect(b.commands.find('ask')).toBeUndefined()
    expect(JSON.stringify(b.plugins.options('openai'))).not.toContain(TEST_KEY)
    expect(b.plugins.schema('openai')).toMatchObject({ properties: { apiKey: { secret: true } } })
  })
})
