import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { OpenAIPlugin } from '@banter/plugin-openai'
import { strToU8, zipSync } from 'fflate'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { AntivirusPlugin } from '../src/index.js'
import { type RunningClamd, startClamd, TEST_MARKER } from '../src/testing/index.js'
import { attachment, deleted, postedIn } from './fixtures/bot-helpers.js'
import { needBinary } from './fixtures/need-binary.js'

const hasClamd = needBinary('clamd', 'apt-get install clamav-daemon')

/** A minimal OpenAI-compatible server: answers every chat completion and records what it was asked. */
async function fakeOpenAI(): Promise<{ server: Server; url: string; asked: string[] }> {
  const asked: string[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      asked.push(body)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o-mini',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'It is a shopping list.' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
        }),
      )
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  return { server, url: `http://127.0.0.1:${port}/v1`, asked }
}

describe.skipIf(!hasClamd)('end to end with the openai plugin and a real clamd', () => {
  let clamd: RunningClamd
  let ai: Awaited<ReturnType<typeof fakeOpenAI>>
  let bot: TestBot | undefined
  beforeAll(async () => {
    clamd = await startClamd()
    ai = await fakeOpenAI()
  })
  afterEach(async () => {
    await bot?.stop()
    bot = undefined
  })
  afterAll(async () => {
    ai?.server.close()
    await clamd?.stop()
  })

  it('an infected attachment is deleted, its author warned, moderators told; the AI never sees it', async () => {
    bot = await createTestBot({
      clock: 'real',
      plugins: [
        [
          OpenAIPlugin,
          {
            apiKey: 'sk-test-e2e',
            baseURL: ai.url,
            stream: false,
            channels: ['general'],
            trigger: ['channels'],
          },
        ],
        [
          AntivirusPlugin,
          { engines: ['builtin', 'clamav'], clamav: { socket: clamd.socket }, moderatorChannel: 'mods' },
        ],
      ],
      config: { access: { moderator: { users: ['mod1'] } } },
    })
    expect(bot.bot.pipelines.inbound[0]).toBe('antivirus')

    // The built-in engine sees nothing wrong in this zip; clamd finds the marker inside it.
    const infected = zipSync({ 'list.txt': strToU8(`milk, eggs ${TEST_MARKER}`) })
    await bot.receive({
      id: 'bad',
      channelId: 'general',
      content: 'what is in this file?',
      author: { id: 'u1', name: 'mallory' },
      attachments: [attachment('list.zip', infected)],
    })
    expect(deleted(bot)).toEqual(['bad'])
    expect(postedIn(bot, 'general')).toEqual([
      '⚠️ mallory, your message was removed: `list.zip` was flagged (Banter.Test.Marker.UNOFFICIAL).',
    ])
    expect(postedIn(bot, 'mods')[0]).toContain('message bad by mallory (u1) in channel general')
    expect(postedIn(bot, 'mods')[0]).toContain('Banter.Test.Marker.UNOFFICIAL')

    // A clean message in the same channel does reach the AI, which proves it was listening.
    await bot.receive({
      id: 'good',
      channelId: 'general',
      content: 'what is in this other file?',
      author: { id: 'u2', name: 'alice' },
      attachments: [attachment('list2.zip', zipSync({ 'list.txt': strToU8('milk, eggs') }))],
    })
    await vi.waitFor(() => expect(postedIn(bot as TestBot, 'general')).toContain('It is a shopping list.'))
    expect(ai.asked).toHaveLength(1)
    expect(ai.asked[0]).toContain('what is in this other file?')
    expect(ai.asked.join('\n')).not.toContain('what is in this file?')
  })
})
