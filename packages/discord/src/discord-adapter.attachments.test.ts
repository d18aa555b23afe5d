import type { ChatMessage } from '@banter/core'
import { afterEach, describe, expect, it } from 'vitest'
import { ProbePlugin } from './__fixtures__/probe-plugin.js'
import { type DiscordTestBot, startDiscordTestBot } from './testing/index.js'

let current: DiscordTestBot | undefined
afterEach(async () => {
  await current?.stop()
  current = undefined
})

async function start(maxAttachmentBytes?: number) {
  current = await startDiscordTestBot({
    plugins: [ProbePlugin],
    adapter: maxAttachmentBytes === undefined ? {} : { maxAttachmentBytes },
  })
  const received: ChatMessage[] = []
  current.bot.events.on('message.received', ({ message }) => {
    received.push(message)
  })
  return { ...current, received }
}

const downloads = (t: DiscordTestBot) => t.fake.calls.filter((c) => c.path.startsWith('/cdn/'))

describe('DiscordAdapter attachments', () => {
  it('maps attachments and downloads them only when read', async () => {
    const t = await start()
    const file = { name: 'hello.txt', data: 'hello world', contentType: 'text/plain' }
    t.fake.userMessage({ content: 'just a file', attachments: [file] })
    await expect.poll(() => t.received.length).toBe(1)
    expect(t.received[0]?.attachments[0]).toMatchObject({
      name: 'hello.txt',
      size: 11,
      contentType: 'text/plain',
    })
    expect(t.received[0]?.attachments[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cdn\/attachments\//)
    expect(downloads(t)).toEqual([])

    t.fake.userMessage({ content: '!size', attachments: [file] })
    const reply = await t.fake.waitForBotMessage((m) => m.content.startsWith('read'))
    expect(reply.content).toBe('read 11 bytes of hello.txt: hello world')
    expect(downloads(t)).toHaveLength(1)
  })

  it('refuses a file over maxAttachmentBytes without downloading it, and keeps running', async () => {
    const t = await start(16)
    t.fake.userMessage({ content: '!size', attachments: [{ name: 'big.bin', data: new Uint8Array(100) }] })
    const reply = await t.fake.waitForBotMessage((m) => m.content.startsWith('refused'))
    expect(reply.content).toBe('refused: DISCORD_ATTACHMENT_TOO_LARGE')
    expect(downloads(t)).toEqual([])
    const error = await t.received[0]?.attachments[0]?.read().catch((e: unknown) => e)
    expect((error as Error).message).toContain('attachment "big.bin" is 100 bytes, over the 16-byte limit')
    expect((error as Error).message).toContain('Raise `maxAttachmentBytes`')
    t.fake.userMessage({ content: '!ping' })
    await t.fake.waitForBotMessage((m) => m.content === 'pong')
  })

  it('stops a download that grows past the cap when Discord under-reported the size', async () => {
    const t = await start(16)
    t.fake.userMessage({
      content: '!size',
      attachments: [{ name: 'liar.bin', data: new Uint8Array(100), size: 10 }],
    })
    const reply = await t.fake.waitForBotMessage((m) => m.content.startsWith('refused'))
    expect(reply.content).toBe('refused: DISCORD_ATTACHMENT_TOO_LARGE')
    expect(downloads(t)).toHaveLength(1)
  })
})
