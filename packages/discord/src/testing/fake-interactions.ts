import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIEntitlement,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionType,
  Locale,
} from 'discord-api-types/v10'
import { EVERYONE_PERMISSIONS } from './fake-payloads.js'
import type { FakeWorld } from './fake-world.js'
import { snowflake } from './snowflake.js'

/** An interaction the fake dispatched, and how the bot answered it so far. */
export interface FakeInteraction {
  /** Interaction id. */
  readonly id: string
  /** Interaction token (used in callback and webhook routes). */
  readonly token: string
  /** Where it was invoked. */
  readonly channelId: string
  /** `pending` until the callback, then `replied` or `deferred`. */
  state: 'pending' | 'replied' | 'deferred'
  /** The id of the response message once there is one. */
  originalId?: string
}

/** A slash command invocation: `fake.interaction({ name: 'remind', options: { minutes: '5' } })`. */
export interface FakeInteractionInit {
  /** The registered command's name. */
  readonly name: string
  /** Option values by option name. */
  readonly options?: Readonly<Record<string, string | number | boolean>>
  /** Channel (default: the first text channel; a DM channel id makes it a DM interaction). */
  readonly channelId?: string
  /** Who invokes it (default: the default user). */
  readonly author?: { readonly id?: string; readonly username?: string; readonly roles?: readonly string[] }
}

function toOption(
  name: string,
  type: ApplicationCommandOptionType,
  value: string | number | boolean,
): APIApplicationCommandInteractionDataBasicOption {
  switch (type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return { name, type, value: Number(value) }
    case ApplicationCommandOptionType.Boolean:
      return { name, type, value: value === true || value === 'true' }
    case ApplicationCommandOptionType.String:
      return { name, type, value: String(value) }
    default:
      throw new Error(`fake Discord: option "${name}" has type ${type}, which the fake does not simulate`)
  }
}

/**
 * Builds the INTERACTION_CREATE payload of a slash command. Like Discord, it refuses a command that was
 * not registered and options the command does not declare.
 */
export function buildInteraction(
  world: FakeWorld,
  init: FakeInteractionInit,
  user: APIUser,
): { payload: APIChatInputApplicationCommandInteraction; record: FakeInteraction } {
  const command = world.commandNamed(init.name)
  if (!command) {
    const known = [...world.globalCommands, ...(world.guildCommands.get(world.guildId) ?? [])].map(
      (c) => c.name,
    )
    throw new Error(
      `fake Discord: slash command "${init.name}" is not registered (registered: ${known.join(', ') || 'none'})`,
    )
  }
  const options = Object.entries(init.options ?? {}).map(([name, value]) => {
    const declared = command.options?.find((o) => o.name === name)
    if (!declared) throw new Error(`fake Discord: command "${init.name}" has no option "${name}"`)
    return toOption(name, declared.type, value)
  })
  const channelId = init.channelId ?? world.defaultChannelId
  const channel = world.channels.get(channelId)
  if (!channel) throw new Error(`fake Discord: unknown channel ${channelId}`)
  const id = snowflake()
  const token = `fake-interaction-token-${id}`
  const inGuild = world.isGuildChannel(channelId)
  const base = {
    id,
    application_id: world.bot.id,
    type: InteractionType.ApplicationCommand as const,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput as const,
      ...(options.length ? { options } : {}),
    },
    channel: { id: channel.id, type: channel.type },
    channel_id: channelId,
    token,
    version: 1 as const,
    app_permissions: EVERYONE_PERMISSIONS,
    locale: Locale.EnglishUS,
    entitlements: [] as APIEntitlement[],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: world.guildId },
    attachment_size_limit: 10 * 1024 * 1024,
  } satisfies Partial<APIChatInputApplicationCommandInteraction>
  const payload: APIChatInputApplicationCommandInteraction = inGuild
    ? {
        ...base,
        guild_id: world.guildId,
        guild: { id: world.guildId, locale: Locale.EnglishUS, features: [] },
        guild_locale: Locale.EnglishUS,
        context: InteractionContextType.Guild,
        member: { ...world.member(user.id), user, permissions: EVERYONE_PERMISSIONS },
      }
    : { ...base, user, context: InteractionContextType.BotDM }
  return { payload, record: { id, token, channelId, state: 'pending' } }
}
