import type { IsolationMode } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from './helpers.js'

const contents = (messages: { content: string }[]) => messages.map((m) => m.content)

describe.each(['inline', 'worker', 'isolate'] as IsolationMode[])('the same plugin, %s', (isolation) => {
  let bot: TestBot
  const parity = fixture('parity.ts')

  beforeAll(async () => {
    bot = await createTestBot({
      plugins: [fixture('dice.ts'), parity],
      config: { sandbox: { [parity]: { isolation } }, access: { moderator: { users: ['mod'] } } },
    })
    expect(bot.plugins.get('parity')).toMatchObject({ status: 'active' })
  }, 60_000)

  afterAll(async () => {
    await bot?.stop()
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([])
  })

  it('runs where it was told to', async () => {
    const where = { inline: 'main', worker: 'worker', isolate: 'isolate' }[isolation]
    expect(contents(await bot.receive('!where'))).toEqual([where])
  })

  it('sees one message in its hook, its listener and its command (it crossed once)', async () => {
    expect(contents(await bot.receive('!same'))).toEqual(['one message'])
  })

  it('validates command arguments with its own schema, with the same answers', async () => {
    expect(contents(await bot.receive('!add 40 2'))).toEqual(['42'])
    expect(contents(await bot.receive('!add 40'))).toEqual(['40'])
    const [usage] = contents(await bot.receive('!add forty'))
    expect(usage).toContain('Usage: `!add <a> [b]`')
    expect(usage).toContain('a "forty": Invalid input: expected number, received NaN')
    expect(bot.commands.list().find((c) => c.name === 'add')?.usage).toBe('!add <a> [b]')
  })

  it('uses services across the boundary, both ways', async () => {
    expect(contents(await bot.receive('!roll'))).toEqual(['4'])
    expect(contents(await bot.receive('!greet'))).toEqual(['hello you'])
  })

  it('reads attachments of the message it was given', async () => {
    const attachment = { id: 'a1', name: 'f.bin', size: 5, read: async () => new Uint8Array([1, 2, 3, 4, 5]) }
    expect(contents(await bot.receive({ content: '!size', attachments: [attachment] }))).toEqual(['5'])
  })

  it('logs through its child logger', async () => {
    await bot.receive('!log')
    expect(bot.logs).toContainEqual(
      expect.objectContaining({ plugin: 'parity', answer: 42, msg: 'logged from the plugin' }),
    )
  })

  it('asks the bot about access levels and commands', async () => {
    expect(contents(await bot.receive({ content: '!moderator', author: { id: 'mod' } }))).toEqual(['true'])
    expect(contents(await bot.receive('!moderator'))).toEqual(['false'])
    expect(contents(await bot.receive('!list'))).toEqual(['true'])
  })

  it('runs commands as the author of a message it was given, and as itself with one it made', async () => {
    // The copy runs as `plugin:parity`, which holds no access level: core refuses it, and says so.
    expect(contents(await bot.receive({ content: '!runas', author: { id: 'mod' } }))).toEqual([
      '⛔ `!modonly` is for moderator only.',
      'mod/PERMISSION_DENIED',
    ])
  })

  it('runs timers on the bot clock', async () => {
    await bot.receive('!later')
    await bot.clock.tickAsync(60_000)
    await expect
      .poll(() => contents(bot.sent).filter((c) => c.startsWith('later')))
      .toEqual([`later at ${new Date(bot.clock.now()).toISOString()}`])
  })

  it('has its background work awaited by settle()', async () => {
    await bot.receive('!bg')
    await bot.settle()
    expect(await bot.bot.storage.namespace('parity').get('bg')).toBe('done')
  })

  it('runs its run() task', async () => {
    await expect.poll(() => bot.bot.storage.namespace('parity').get('running')).toBe(true)
  })

  it('reloads', async () => {
    await bot.plugins.reload('parity')
    expect(bot.plugins.get('parity')?.status).toBe('active')
    expect(contents(await bot.receive('!add 1 1'))).toEqual(['2'])
  })
})

describe.each(['worker', 'isolate'] as const)('plugin shapes core has no loader for yet, %s', (isolation) => {
  it('runs an object plugin and a module of hook functions', async () => {
    const bot = await createTestBot({
      plugins: [fixture('object-plugin.ts'), fixture('hook-module.ts')],
      isolation,
    })
    try {
      expect(contents(await bot.receive('!obj'))).toEqual(['from an object'])
      expect(bot.plugins.get('hook-module')?.status).toBe('active')
      const result = await bot.bot.receive({
        id: 'x',
        channelId: 'c',
        author: { id: 'u', name: 'u', bot: false },
        content: 'lower ME',
        attachments: [],
        mentions: { users: [], roles: [], everyone: false, bot: false },
        timestamp: 0,
        platform: 'test',
      })
      expect(result.message?.content).toBe('lower me')
    } finally {
      await bot.stop()
    }
  })
})

describe.each(['worker', 'isolate'] as const)('an official plugin, unchanged, %s', (isolation) => {
  it('runs @banter/plugin-timestamp loaded by its short name', async () => {
    const bot = await createTestBot({
      plugins: [['timestamp', { timeZone: 'Asia/Tokyo', format: 'HH:mm' }]],
      isolation,
    })
    try {
      expect(bot.plugins.get('timestamp')).toMatchObject({
        status: 'active',
        source: '@banter/plugin-timestamp',
      })
      expect(contents(await bot.receive('!ping'))).toEqual(['[18:30] pong'])
    } finally {
      await bot.stop()
    }
  })
})
