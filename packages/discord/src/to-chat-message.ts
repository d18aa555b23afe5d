import type { ChatMessage, ChatUser } from '@banter/core'
import { type GuildMember, type Message, MessageType, type User } from 'discord.js'
import { toChatAttachment } from './attachments.js'

/** The platform name the adapter puts on every message. */
export const PLATFORM = 'discord'

/**
 * The roles of a member as core sees them: role ids on `author.roles` and their names on
 * `author.roleNames`, without `@everyone`. Core matches names only together with their guild.
 */
export function memberRoles(
  member: GuildMember | null | undefined,
): { roles: string[]; roleNames: string[] } | undefined {
  if (!member) return undefined
  const roles: string[] = []
  const roleNames: string[] = []
  for (const role of member.roles.cache.values()) {
    if (role.id === member.guild.id) continue
    roles.push(role.id)
    roleNames.push(role.name)
  }
  return { roles, roleNames }
}

/** A Discord user (and guild member, when there is one) as a core {@link ChatUser}. */
export function toChatUser(user: User, member?: GuildMember | null): ChatUser {
  const roles = memberRoles(member)
  return {
    id: user.id,
    name: member?.displayName ?? user.globalName ?? user.username,
    bot: user.bot,
    ...(roles ?? {}),
  }
}

/**
 * Maps a discord.js message to a core {@link ChatMessage}: text, author (with role ids and names),
 * mentions (`mentions.bot` when the bot user is mentioned), the replied-to message, and attachments
 * downloaded lazily with a cap of `maxAttachmentBytes`.
 */
export function toChatMessage(message: Message, botId: string, maxAttachmentBytes: number): ChatMessage {
  const mentions = message.mentions
  return {
    id: message.id,
    channelId: message.channelId,
    ...(message.guildId ? { guildId: message.guildId } : {}),
    author: toChatUser(message.author, message.member),
    content: message.content,
    attachments: [...message.attachments.values()].map((a) => toChatAttachment(a, maxAttachmentBytes)),
    mentions: {
      users: [...mentions.users.keys()],
      roles: [...mentions.roles.keys()],
      everyone: mentions.everyone,
      bot: mentions.users.has(botId),
    },
    ...(message.type === MessageType.Reply && message.reference?.messageId
      ? { replyTo: message.reference.messageId }
      : {}),
    timestamp: message.createdTimestamp,
    platform: PLATFORM,
  }
}
