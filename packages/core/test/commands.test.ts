import { z } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

const remind = makePlugin({
  name: 'reminders',
  init: (ctx) => {
    ctx.commands.register({
      name: 'remind',
      description: 'Reminds you later',
      aliases: ['rm'],
      args: z.object({ minutes: z.coerce.number().int().positive(), text: z.string() }),
      handler: ({ args, reply }) => reply(`in ${args.minutes} min: ${args.text}`).then(() => undefined),
    })
    ctx.commands.register({
      name: 'pair',
      description: 'Two words',
      args: z.object({ a: z.string(), b: z.coerce.number().optional() }),
      handler: ({ args, reply }) => reply(`${args.a}|${args.b ?? '-'}`).then(() => undefined),
    })
  },
})

describe('commands', () => {
  it('maps words onto the schema keys; the last string key takes the rest of the line', async () => {
    bot = await createTestBot({ plugins: [remind] })
    expect((await bot.receive('!remind 5 take the tea out')).map((r) => r.content)).toEqual([
      'in 5 min: take the tea out',
    ])
    expect((await bot.receive('!rm 2 "quoted"')).map((r) => r.content)).toEqual(['in 2 min: quoted'])
    expect((await bot.receive('!pair "two words"')).map((r) => r.content)).toEqual(['two words|-'])
  })

  it('answers bad arguments with the usage line and what is wrong', async () => {
    bot = await createTestBot({ plugins: [remind] })
    const [reply] = await bot.receive('!remind soon tea')
    expect(reply?.content).toMatch(/^Usage: `!remind <minutes> <text\.\.\.>`\n• minutes "soon": /)
    const [missing] = await bot.receive('!remind')
    expect(missing?.content).toContain('• minutes is missing')
    const [extra] = await bot.receive('!pair a 1 2')
    expect(extra?.content).toContain('too many arguments: expected at most 2, got 3')
  })

  it('!help lists every command with the plugin that owns it; !help <cmd> shows its usage', async () => {
    bot = await createTestBot({ plugins: [remind] })
    const [help] = await bot.receive('!help')
    expect(help?.content.split('\n')).toEqual([
      'Commands:',
      '`!help [command...]` — Lists every command, or shows how to use one (core)',
      '`!ping` — Checks that the bot answers (core)',
      '`!remind <minutes> <text...>` — Reminds you later (reminders)',
      '`!pair <a> [b]` — Two words (reminders)',
    ])
    const [one] = await bot.receive('!help rm')
    expect(one?.content).toBe('`!remind <minutes> <text...>` — Reminds you later (reminders)\nAliases: !rm')
  })

  it('ignores unknown commands and plain text; honours a custom prefix', async () => {
    bot = await createTestBot({ config: { prefix: '?' } })
    expect(await bot.receive('!ping')).toEqual([])
    expect(await bot.receive('?nope')).toEqual([])
    expect((await bot.receive('?ping')).map((r) => r.content)).toEqual(['pong'])
  })

  it('refuses a taken command name naming both plugins', async () => {
    bot = await createTestBot()
    const dup = makePlugin({
      name: 'dup',
      init: (ctx) => void ctx.commands.register({ name: 'ping', description: 'mine', handler: () => {} }),
    })
    const [info] = await bot.plugins.load(dup)
    expect(info?.error?.message).toMatch(
      /plugin "dup" cannot register command "ping": plugin "core" already registered it/,
    )
  })

  it('applies a per-user cooldown kept in storage', async () => {
    const cool = makePlugin({
      name: 'cool',
      init: (ctx) =>
        void ctx.commands.register({
          name: 'hot',
          description: 'h',
          cooldown: 10_000,
          handler: ({ reply }) => reply('done').then(() => undefined),
        }),
    })
    bot = await createTestBot({ plugins: [cool] })
    expect((await bot.receive('!hot')).map((r) => r.content)).toEqual(['done'])
    expect((await bot.receive('!hot'))[0]?.content).toBe('⏳ `!hot` is cooling down: try again in 10 s.')
    expect(
      (await bot.receive({ content: '!hot', author: { id: 'someone-else' } })).map((r) => r.content),
    ).toEqual(['done'])
    await bot.clock.tickAsync(10_001)
    expect((await bot.receive('!hot')).map((r) => r.content)).toEqual(['done'])
  })

  it('two invocations at once by the same user run the handler once: the cooldown check is atomic', async () => {
    let runs = 0
    const cool = makePlugin({
      name: 'cool',
      init: (ctx) =>
        void ctx.commands.register({
          name: 'hot',
          description: 'h',
          cooldown: 10_000,
          handler: async ({ reply }) => {
            runs++
            await reply('done')
          },
        }),
    })
    bot = await createTestBot({ plugins: [cool] })
    const replies = await Promise.all([bot.receive('!hot'), bot.receive('!hot'), bot.receive('!hot')])
    expect(runs).toBe(1)
    expect(replies.map((r) => r.map((m) => m.content)).sort()).toEqual([
      ['done'],
      ['⏳ `!hot` is cooling down: try again in 10 s.'],
      ['⏳ `!hot` is cooling down: try again in 10 s.'],
    ])
  })

  it('restricts commands to access levels from config; admin may run everything', async () => {
    const mod = makePlugin({
      name: 'mod',
      init: (ctx) =>
        void ctx.commands.register({
          name: 'ban',
          description: 'b',
          permissions: ['moderator'],
          handler: ({ reply }) => reply('banned').then(() => undefined),
        }),
    })
    bot = await createTestBot({
      plugins: [mod],
      config: { access: { moderator: { roles: ['Mods'] }, admin: { users: ['boss'] } } },
    })
    expect((await bot.receive({ content: '!ban', author: { id: 'nobody' } }))[0]?.content).toBe(
      '⛔ `!ban` is for moderator only.',
    )
    expect((await bot.receive({ content: '!ban', author: { id: 'm', roles: ['Mods'] } }))[0]?.content).toBe(
      'banned',
    )
    expect((await bot.receive({ content: '!ban', author: { id: 'boss' } }))[0]?.content).toBe('banned')
  })

  it('ties role names to their guild: a "Mods" role made in another server grants nothing', async () => {
    const mod = makePlugin({
      name: 'mod',
      init: (ctx) =>
        void ctx.commands.register({
          name: 'ban',
          description: 'b',
          permissions: ['moderator'],
          handler: ({ reply }) => reply('banned').then(() => undefined),
        }),
    })
    bot = await createTestBot({
      plugins: [mod],
      config: { access: { moderator: { roles: ['role-777', { guild: 'g-home', role: 'Mods' }] } } },
    })
    const asMod = (guildId: string, roles: string[], roleNames: string[]) =>
      bot?.receive({ content: '!ban', guildId, author: { id: 'x', roles, roleNames } })
    // The role name in the guild it is configured for.
    expect((await asMod('g-home', ['r1'], ['Mods']))?.[0]?.content).toBe('banned')
    // The same role name, made by someone in another server: refused.
    expect((await asMod('g-evil', ['r2'], ['Mods']))?.[0]?.content).toBe('⛔ `!ban` is for moderator only.')
    // A bare name passed as a role id matches nothing either.
    expect((await asMod('g-evil', ['Mods'], []))?.[0]?.content).toBe('⛔ `!ban` is for moderator only.')
    // In a direct message there is no guild, so a guild-scoped name cannot match.
    expect(
      (await bot.receive({ content: '!ban', author: { id: 'x', roleNames: ['Mods'] } }))[0]?.content,
    ).toBe('⛔ `!ban` is for moderator only.')
    // Role ids are unique across servers and match wherever the adapter reports them.
    expect((await asMod('g-other', ['role-777'], ['Whatever']))?.[0]?.content).toBe('banned')
  })

  it('replies that echo input are cut to a short quoted excerpt: !help <1 MB> and a backtick', async () => {
    bot = await createTestBot({ plugins: [remind] })
    const [huge] = await bot.receive(`!help ${'x'.repeat(1_000_000)}`)
    expect(huge?.content.length).toBeLessThan(120)
    expect(huge?.content).toMatch(/^No command "!x{30,}…"\. Try `!help`\.$/)
    const [tick] = await bot.receive('!help a`b')
    expect(tick?.content).toBe('No command "!a\'b". Try `!help`.')
    const [usage] = await bot.receive(`!remind ${'9'.repeat(5000)}x tea`)
    expect(usage?.content.length).toBeLessThan(200)
  })

  it('emits command.executed with the outcome', async () => {
    bot = await createTestBot({ plugins: [remind] })
    const seen: string[] = []
    bot.events.on(
      'command.executed',
      (e) => void seen.push(`${e.command}:${e.plugin}:${e.ok}:${e.error?.code ?? ''}`),
    )
    await bot.receive('!ping')
    await bot.receive('!remind x')
    expect(seen).toEqual(['ping:core:true:', 'remind:reminders:false:BAD_ARGUMENTS'])
  })

  it('ctx.commands.run runs a command for a message and returns its replies', async () => {
    let result: unknown
    const caller = makePlugin({
      name: 'caller',
      permissions: ['messages:read', 'messages:send'],
      init: (ctx) =>
        void ctx.events.on('message.received', async ({ message }) => {
          if (message.content === 'go') result = await ctx.commands.run('remind 3 stretch', message)
        }),
    })
    bot = await createTestBot({ plugins: [remind, caller] })
    const replies = await bot.receive('go')
    expect(replies.map((r) => r.content)).toEqual(['in 3 min: stretch'])
    expect(result).toMatchObject({
      command: 'remind',
      ok: true,
      replies: [{ content: 'in 3 min: stretch', source: 'reminders' }],
    })
  })
})
