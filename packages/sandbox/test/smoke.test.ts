import { createTestBot } from '@banter/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './helpers.js'

describe.each(['worker', 'isolate'] as const)('a plugin in %s mode', (isolation) => {
  it('answers commands, keeps storage, listens, and changes messages', async () => {
    const bot = await createTestBot({ plugins: [[fixture('echo.ts'), { greeting: 'hi' }]], isolation })
    try {
      expect(bot.plugins.get('echo')?.error).toBeUndefined()
      expect(bot.plugins.get('echo')?.status).toBe('active')
      expect((await bot.receive('!echo there')).map((m) => m.content)).toEqual(['hi: there'])
      expect((await bot.receive('!add 2 40')).map((m) => m.content)).toEqual(['42'])
      expect((await bot.receive('!count')).map((m) => m.content)).toEqual(['count 1'])
      expect((await bot.receive('!count')).map((m) => m.content)).toEqual(['count 2'])
      expect((await bot.receive('ping me')).map((m) => m.content)).toEqual(['pinged user'])
      const result = await bot.bot.receive({
        id: 'm1',
        channelId: 'c1',
        author: { id: 'u1', name: 'U', bot: false },
        content: 'shout',
        attachments: [],
        mentions: { users: [], roles: [], everyone: false, bot: false },
        timestamp: 0,
        platform: 'test',
      })
      expect(result.message?.content).toBe('SHOUT')
    } finally {
      await bot.stop()
    }
  })
})

describe('core inside an isolate', () => {
  it('offers the Node-free part only, and says so when a plugin imports more', async () => {
    const bot = await createTestBot({ plugins: [fixture('core-host-only.ts')], isolation: 'isolate' })
    try {
      const record = bot.plugins.list().find((p) => p.status !== 'active')
      expect(record?.error?.code).toBe('SANDBOX_LOAD_FAILED')
      expect(record?.error?.message).toContain('"createBot"')
      expect(record?.error?.message).toContain('@banter/core/guest')
      expect(record?.error?.message).toContain('`worker` mode')
    } finally {
      await bot.stop()
    }
  })

  it('loads the same plugin in worker mode, which has all of core', async () => {
    const bot = await createTestBot({ plugins: [fixture('core-host-only.ts')], isolation: 'worker' })
    try {
      expect(bot.plugins.get('core-host-only')?.status).toBe('active')
    } finally {
      await bot.stop()
    }
  })
})
