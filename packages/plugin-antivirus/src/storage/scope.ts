import type { ChatMessage } from '@banter/core'

/**
 * The scope of direct messages. Guild ids are platform ids (Discord snowflakes are digits), so this
 * never names a guild.
 */
export const DM_SCOPE = '@dm'

/**
 * Where per-server data of a message lives: its guild, or {@link DM_SCOPE} for direct messages.
 * Moderator commands act on the scope they are typed in, and nowhere else.
 */
export function scopeOf(message: Pick<ChatMessage, 'guildId'>): string {
  return message.guildId ?? DM_SCOPE
}

/** How a scope reads in replies and logs. */
export function describeScope(scope: string): string {
  return scope === DM_SCOPE ? 'direct messages' : `server ${scope}`
}
