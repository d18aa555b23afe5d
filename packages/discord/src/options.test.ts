import { GatewayIntentBits } from 'discord.js'
import { afterEach, describe, expect, it } from 'vitest'
import { DiscordAdapter } from './discord-adapter.js'
import { intentBits, parseDiscordOptions } from './options.js'

const saved = process.env.DISCORD_TOKEN
afterEach(() => {
  if (saved === undefined) delete process.env.DISCORD_TOKEN
  else process.env.DISCORD_TOKEN = saved
})

describe('Discord adapter options', () => {
  it('refuses unknown keys, so a typo never silently does nothing', () => {
    expect(() => parseDiscordOptions({ tokne: 't' })).toThrow(/options: Unrecognized key: "tokne"|tokne/)
    expect(() => parseDiscordOptions({ slashCommands: { guild: '1' } })).toThrow(/guild/)
  })

  it('applies the defaults', () => {
    const options = parseDiscordOptions({ token: 't' })
    expect(options).toMatchObject({
      allowBots: false,
      maxAttachmentBytes: 25 * 1024 * 1024,
      slashCommands: false,
      sendOnly: false,
      waitGuildTimeout: 15_000,
    })
    expect(intentBits(options.intents)).toBe(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.MessageContent |
        GatewayIntentBits.DirectMessages,
    )
    expect(parseDiscordOptions({ slashCommands: {} }).slashCommands).toEqual({ deferAfterMs: 1500 })
  })

  it('takes intents by name or as a bitfield', () => {
    expect(intentBits(parseDiscordOptions({ intents: ['Guilds', 'GuildMembers'] }).intents)).toBe(1 | 2)
    expect(intentBits(parseDiscordOptions({ intents: 513 }).intents)).toBe(513)
  })

  it('refuses bad options with one path-precise line each, never printing the token', () => {
    expect(() =>
      parseDiscordOptions({
        token: 42,
        intents: ['Guilds', 'Telepathy'],
        maxAttachmentBytes: -1,
        api: 'ftp://x',
        slashCommands: { guildId: 'general' },
      }),
    ).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: {
          issues: [
            expect.stringMatching(/^adapter "discord": options\.token: /),
            expect.stringMatching(/^adapter "discord": options\.intents(\[1\])?: /),
            expect.stringMatching(/^adapter "discord": options\.api: /),
            expect.stringMatching(/^adapter "discord": options\.maxAttachmentBytes: /),
            expect.stringMatching(/^adapter "discord": options\.slashCommands(\.guildId)?: /),
          ],
        },
      }),
    )
    let message = ''
    try {
      parseDiscordOptions({ token: 'secret-token', intents: 'all' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('options.intents')
    expect(message).not.toContain('secret-token')
  })

  it('needs a token, from the options or DISCORD_TOKEN', () => {
    delete process.env.DISCORD_TOKEN
    expect(() => new DiscordAdapter()).toThrowError(
      expect.objectContaining({ code: 'DISCORD_TOKEN_MISSING' }),
    )
    process.env.DISCORD_TOKEN = 'from-env'
    expect(new DiscordAdapter().status).toBe('idle')
  })
})
