import {
  type APIAttachment,
  type APIDMChannel,
  type APIGuildMember,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type ChannelFlags,
  ChannelType,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  PermissionFlagsBits,
  type RoleFlags,
} from 'discord-api-types/v10'

/**
 * Typed builders of the Discord payloads the fake sends. They fill every field the API types require,
 * so a payload discord.js cannot digest is a compile error here rather than a crash in a test.
 */

/** What `@everyone` may do in the fake guild: everything a chat bot needs. */
export const EVERYONE_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.UseApplicationCommands
).toString()

/** A user object. */
export function userPayload(id: string, username: string, bot: boolean): APIUser {
  return { id, username, global_name: null, discriminator: '0', avatar: null, bot }
}

/** A role object (`@everyone` when `id` equals the guild id). */
export function rolePayload(id: string, name: string, position: number, permissions: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions,
    managed: false,
    mentionable: true,
    flags: 0 as RoleFlags,
  }
}

/** A guild text channel. */
export function textChannelPayload(
  id: string,
  guildId: string,
  name: string,
  position: number,
): APITextChannel {
  return {
    id,
    guild_id: guildId,
    name,
    type: ChannelType.GuildText,
    position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  }
}

/** A direct-message channel between the bot and `recipient`. */
export function dmChannelPayload(id: string, recipient: APIUser): APIDMChannel {
  return {
    id,
    type: ChannelType.DM,
    name: null,
    recipients: [recipient],
    last_message_id: null,
    flags: 0 as ChannelFlags,
  }
}

/** A guild member. */
export function memberPayload(user: APIUser, roles: readonly string[], joinedAt: string): APIGuildMember {
  return {
    user,
    roles: [...roles],
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    avatar: null,
    banner: null,
  }
}

/** An attachment served by the fake's CDN route. */
export function attachmentPayload(
  id: string,
  filename: string,
  size: number,
  url: string,
  contentType: string | undefined,
): APIAttachment {
  return {
    id,
    filename,
    size,
    url,
    proxy_url: url,
    ...(contentType === undefined ? {} : { content_type: contentType }),
  }
}

/** The GUILD_CREATE fields that never change in the fake. */
export type GuildDefaults = Omit<
  GatewayGuildCreateDispatchData,
  'id' | 'name' | 'owner_id' | 'roles' | 'joined_at' | 'member_count' | 'members' | 'channels'
>

/** The GUILD_CREATE fields that never change in the fake, with fresh arrays. */
export function guildDefaults(): GuildDefaults {
  return {
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    large: false,
    voice_states: [],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  }
}
