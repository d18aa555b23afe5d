import type { HttpRoute } from '@banter/core'
import { describe, expect, it } from 'vitest'
import { answer, failWith } from './fake-openai-server.js'
import { openaiBot, startServer } from './helpers.js'

describe('the AI dashboard page', () => {
  it('counts answers and failures per channel, read through its declared routes', async () => {
    const server = await startServer()
    server.enqueue(answer('Photosynthesis.'))
    server.enqueue(failWith(403, 'no access to this model'))
    const b = await openaiBot(server, {})
    expect(b.bot.ui.pages('openai').map((p) => p.title)).toEqual(['AI answers'])
    await b.receive('!ask How do plants make food?')
    await b.receive('!ask And again?')
    await b.bot.settle()
    const route = b.bot.http
      .list()
      .find((r) => r.kind === 'route' && r.plugin === 'openai' && r.route.path === '/dashboard/channels')
    const handler = (route as { route: HttpRoute }).route.handler
    const result = await handler({
      method: 'GET',
      path: '/dashboard/channels',
      params: {},
      query: {},
      headers: {},
      body: undefined,
    })
    expect(result.body).toEqual({
      rows: [expect.objectContaining({ answers: 1, failed: 1, cutOff: 0, toolCalls: 0, averageChars: 15 })],
    })
  })
})
