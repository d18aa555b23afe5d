import type { ChatMessage, ChatUser } from '../messages/chat-message.js'

/**
 * A role an access level names: a platform role id (ids are unique across servers), or a role name
 * together with the guild it belongs to. A bare role name is never enough: anyone can create a role
 * called "Moderators" in a server of their own.
 */
export type RoleRef = string | { readonly guild: string; readonly role: string }

/** Who holds an access level: user ids and/or roles. */
export interface AccessLevel {
  /** User ids. */
  readonly users?: readonly string[] | undefined
  /** Role ids, or `{ guild, role }` pairs naming a role of one guild by id or name. */
  readonly roles?: readonly RoleRef[] | undefined
}

/** Access levels by name (`admin`, `moderator`, ...), from the bot configuration. */
export type AccessConfig = Readonly<Record<string, AccessLevel>>

function holdsRole(user: ChatUser, guildId: string | undefined, ref: RoleRef): boolean {
  if (typeof ref === 'string') return user.roles?.includes(ref) === true
  if (guildId === undefined || ref.guild !== guildId) return false
  return user.roles?.includes(ref.role) === true || user.roleNames?.includes(ref.role) === true
}

/**
 * Whether `user`, writing in guild `guildId` (absent in direct messages), holds one of `levels`
 * (`admin` holds them all). User ids match anywhere; role ids match the roles the adapter reported;
 * `{ guild, role }` pairs match only in that guild.
 */
export function hasAccess(
  access: AccessConfig,
  user: ChatUser,
  levels: readonly string[],
  guildId?: string,
): boolean {
  for (const level of ['admin', ...levels]) {
    const holders = access[level]
    if (!holders) continue
    if (holders.users?.includes(user.id)) return true
    if (holders.roles?.some((ref) => holdsRole(user, guildId, ref))) return true
  }
  return false
}

/** {@link hasAccess} for the author of `message`, in the message's guild. */
export function messageHasAccess(
  access: AccessConfig,
  message: ChatMessage,
  levels: readonly string[],
): boolean {
  return hasAccess(access, message.author, levels, message.guildId)
}
