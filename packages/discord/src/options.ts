import { BanterError, formatPath, isSecretKey, z } from '@banter/core'
import { GatewayIntentBits } from 'discord.js'

/** Every gateway intent name discord.js knows (`Guilds`, `GuildMessages`, `MessageContent`, ...). */
export const INTENT_NAMES = Object.keys(GatewayIntentBits).filter((k) => Number.isNaN(Number(k))) as [
  keyof typeof GatewayIntentBits,
  ...(keyof typeof GatewayIntentBits)[],
]

/** The intents used when `intents` is not given. */
export const DEFAULT_INTENTS: readonly (keyof typeof GatewayIntentBits)[] = [
  'Guilds',
  'GuildMessages',
  'MessageContent',
  'DirectMessages',
]

/** The options schema of {@link DiscordAdapter} (zod). */
export const discordAdapterOptionsSchema = z.strictObject({
  /** Bot token from the Developer Portal; falls back to the DISCORD_TOKEN environment variable. */
  token: z.string().min(1).optional(),
  /**
   * Gateway intents, by name or as a bitfield. Default: Guilds, GuildMessages, MessageContent,
   * DirectMessages. Add `GuildMembers` (privileged) to get `member.joined` events.
   */
  intents: z.union([z.array(z.enum(INTENT_NAMES)).min(1), z.number().int().positive()]).optional(),
  /**
   * REST base URL without the version (default `https://discord.com/api`): a shared rate-limit proxy
   * in production, the fake Discord in tests. The gateway URL comes from `GET <api>/v10/gateway/bot`.
   */
  api: z.url({ protocol: /^https?$/ }).optional(),
  /** Take messages from other bots and webhooks (the bot's own messages are always ignored). */
  allowBots: z.boolean().default(false),
  /** Largest attachment `read()` downloads, in bytes (default 25 MiB). */
  maxAttachmentBytes: z
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  /**
   * Register the bot's commands as slash commands and answer interactions: `true` for global
   * commands, `{ guildId }` for one guild (visible at once; global ones may take a while).
   */
  slashCommands: z
    .union([
      z.boolean(),
      z.strictObject({
        /** Register in this guild only. */
        guildId: z
          .string()
          .regex(/^\d{17,20}$/, 'must be a guild id (a snowflake)')
          .optional(),
        /** Acknowledge an interaction (\"thinking…\") when no reply came within this many ms. */
        deferAfterMs: z.number().int().min(0).max(2500).default(1500),
      }),
    ])
    .default(false),
  /** Log in to REST only, without a gateway connection: for processes that only send (`banter worker`). */
  sendOnly: z.boolean().default(false),
  /** How long to wait for the guilds of READY before starting anyway, in ms (discord.js default 15000). */
  waitGuildTimeout: z.number().int().min(0).default(15_000),
})

/** Options of {@link DiscordAdapter}, as written in configuration. */
export type DiscordAdapterOptions = z.input<typeof discordAdapterOptionsSchema>

/** Options of {@link DiscordAdapter} after validation (defaults applied). */
export type ResolvedDiscordAdapterOptions = z.output<typeof discordAdapterOptionsSchema>

/**
 * Validates adapter options; throws `CONFIG_INVALID` with one `adapter "discord": options.x: problem`
 * line per issue, never printing the token.
 */
export function parseDiscordOptions(options: unknown): ResolvedDiscordAdapterOptions {
  const result = discordAdapterOptionsSchema.safeParse(options ?? {})
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const secret = issue.path.some((key) => isSecretKey(key))
    const message = secret ? issue.message.replace(/"[^"]*"/g, '"***"') : issue.message
    return `adapter "discord": ${formatPath('options', issue.path)}: ${message}`
  })
  throw new BanterError('CONFIG_INVALID', lines.join('\n'), { details: { issues: lines } })
}

/** The intents bitfield of resolved options. */
export function intentBits(intents: ResolvedDiscordAdapterOptions['intents']): number {
  if (typeof intents === 'number') return intents
  return (intents ?? DEFAULT_INTENTS).reduce((bits, name) => bits | GatewayIntentBits[name], 0)
}

/** The intents of resolved options, as names for messages. */
export function intentNames(intents: ResolvedDiscordAdapterOptions['intents']): string {
  if (typeof intents === 'number') return `intents ${intents}`
  return (intents ?? DEFAULT_INTENTS).join(', ')
}
