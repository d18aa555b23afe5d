import { BasePlugin, type PluginContext, type PluginManifest } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import TimestampPlugin, { TimestampPlugin as Named } from './index.js'

let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  await stop?.()
  stop = undefined
})

async function bot(options?: Record<string, unknown>, now?: Date) {
  const b = await createTestBot({
    plugins: [options ? [TimestampPlugin, options] : TimestampPlugin],
    ...(now ? { now } : {}),
  })
  stop = () => b.stop()
  return b
}

describe('TimestampPlugin', () => {
  it('is the default and a named export', () => {
    expect(TimestampPlugin).toBe(Named)
    expect(TimestampPlugin.manifest.name).toBe('timestamp')
  })

  it('prefixes replies with the time of the fake clock in UTC by default', async () => {
    const b = await bot(undefined, new Date(Date.UTC(2026, 10, 22, 9, 30, 0)))
    const [reply] = await b.receive('!ping')
    expect(reply?.content).toBe('[2026-11-22 09:30:00] pong')
  })

  it('follows the clock as it moves', async () => {
    const b = await bot()
    await b.clock.tickAsync(61_000)
    const [reply] = await b.receive('!ping')
    expect(reply?.content).toBe('[2026-11-22 09:31:01] pong')
  })

  it('shares a stamp within one second, never across seconds, formats or fractions shown', async () => {
    const b = await bot()
    const first = await b.receive('!ping')
    await b.clock.tickAsync(400)
    const same = await b.receive('!ping')
    await b.clock.tickAsync(600)
    const next = await b.receive('!ping')
    expect([first, same, next].map((r) => r[0]?.content)).toEqual([
      '[2026-11-22 09:30:00] pong',
      '[2026-11-22 09:30:00] pong',
      '[2026-11-22 09:30:01] pong',
    ])
    await b.bot.plugins.configure('timestamp', { format: 'ss.SSS' })
    const fine = await b.receive('!ping')
    await b.clock.tickAsync(5)
    const finer = await b.receive('!ping')
    expect([fine, finer].map((r) => r[0]?.content)).toEqual(['[01.000] pong', '[01.005] pong'])
  })

  it('uses the time zone, format and position options', async () => {
    const b = await bot({ timeZone: 'Asia/Tokyo', format: 'HH:mm', position: 'suffix' })
    const [reply] = await b.receive('!ping')
    expect(reply?.content).toBe('pong [18:30]')
  })

  it('handles daylight saving time through the time zone database', async () => {
    const b = await bot(
      { timeZone: 'America/New_York', format: 'yyyy-MM-dd HH:mm xxx' },
      new Date(Date.UTC(2026, 6, 1, 12, 0, 0)),
    )
    const [reply] = await b.receive('!ping')
    expect(reply?.content).toBe('[2026-07-01 08:00 -04:00] pong')
  })

  it('stamps only the listed channels when channels is set', async () => {
    const b = await bot({ channels: ['stamped'] })
    const [plain] = await b.receive({ content: '!ping', channelId: 'other' })
    const [stamped] = await b.receive({ content: '!ping', channelId: 'stamped' })
    expect(plain?.content).toBe('pong')
    expect(stamped?.content).toMatch(/^\[2026-11-22 09:30:00\] pong$/)
  })

  it('stamps edits too, with the time of the edit', async () => {
    class Editor extends BasePlugin {
      static manifest = {
        name: 'editor',
        version: '1.0.0',
        description: 'edits its reply',
        permissions: ['messages:send'],
      } satisfies PluginManifest
      override initialize(ctx: PluginContext) {
        ctx.commands.register({
          name: 'draft',
          description: 'posts then edits',
          handler: async ({ reply }) => {
            const sent = await reply('draft')
            await ctx.timers.sleep(5000)
            await ctx.messages.edit(sent, 'final')
          },
        })
      }
    }
    const b = await createTestBot({ plugins: [TimestampPlugin, Editor] })
    stop = () => b.stop()
    const pending = b.receive('!draft')
    await b.clock.tickAsync(5000)
    const [reply] = await pending
    expect(reply?.history).toEqual(['[2026-11-22 09:30:00] draft'])
    expect(reply?.content).toBe('[2026-11-22 09:30:05] final')
  })

  it('refuses an unknown time zone with a clear error and leaves the bot running', async () => {
    const b = await bot({ timeZone: 'Mars/Base' })
    const info = b.plugins.get('timestamp')
    expect(info?.status).toBe('error')
    expect(info?.error?.code).toBe('CONFIG_INVALID')
    expect(info?.error?.message).toBe(
      'plugin "timestamp": options.timeZone: "Mars/Base" is not an IANA time zone',
    )
    const [reply] = await b.receive('!ping')
    expect(reply?.content).toBe('pong')
  })

  it('refuses a bad position and a bad format', async () => {
    const b = await createTestBot()
    stop = () => b.stop()
    await expect(b.plugins.load(TimestampPlugin, { position: 'middle' })).rejects.toThrow(/options\.position/)
    await expect(b.plugins.load(TimestampPlugin, { format: 'yyyy-MM-dd YYYY' })).rejects.toThrow(
      /options\.format: "yyyy-MM-dd YYYY" is not a valid date-fns format/,
    )
    expect(b.plugins.get('timestamp')).toBeUndefined()
  })
})

describe('TimestampPlugin at run time', () => {
  it('takes a new format through bot.plugins.configure without a restart', async () => {
    const b = await bot()
    const result = await b.plugins.configure('timestamp', { format: 'HH:mm', channels: ['a'] })
    expect(result.applied).toBe('hook')
    expect((await b.receive({ content: '!ping', channelId: 'a' }))[0]?.content).toBe('[09:30] pong')
    expect((await b.receive({ content: '!ping', channelId: 'b' }))[0]?.content).toBe('pong')
  })

  it('takes a new format from an admin in chat (!plugins set): the next !ping is stamped the new way', async () => {
    const b = await createTestBot({
      plugins: [TimestampPlugin],
      config: { access: { admin: { users: ['boss'] } } },
    })
    stop = () => b.stop()
    const [done] = await b.receive({
      content: '!plugins set timestamp format HH:mm',
      author: { id: 'boss', name: 'Boss' },
    })
    expect(done?.content).toBe('[09:30] timestamp: format = "HH:mm" (hook).')
    expect((await b.receive('!ping'))[0]?.content).toBe('[09:30] pong')
  })

  it('stamps one guild in its own format (scopes), and is off in one channel', async () => {
    const b = await createTestBot({
      plugins: [TimestampPlugin],
      config: {
        scopes: {
          timestamp: {
            guilds: { g1: { options: { format: 'HH:mm' } } },
            channels: { plain: { enabled: false } },
          },
        },
      },
    })
    stop = () => b.stop()
    expect((await b.receive({ content: '!ping', channelId: 'c1', guildId: 'g1' }))[0]?.content).toBe(
      '[09:30] pong',
    )
    expect((await b.receive({ content: '!ping', channelId: 'c2', guildId: 'g2' }))[0]?.content).toBe(
      '[2026-11-22 09:30:00] pong',
    )
    expect((await b.receive({ content: '!ping', channelId: 'plain', guildId: 'g1' }))[0]?.content).toBe(
      'pong',
    )
  })
})
