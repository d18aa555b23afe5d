import type { ChatMentions } from '@banter/core'

const USER = /<@!?(\d{5,25})>/g
const ROLE = /<@&(\d{5,25})>/g
const EVERYONE = /@(everyone|here)\b/

/**
 * Distinct mentions in a message: user and role mentions (from the adapter's parsed mentions and from
 * Discord's `<@id>` / `<@&id>` syntax in the text), plus one for `@everyone` or `@here`.
 */
export function countMentions(text: string, parsed?: ChatMentions): number {
  const users = new Set<string>(parsed?.users ?? [])
  const roles = new Set<string>(parsed?.roles ?? [])
  for (const match of text.matchAll(USER)) users.add(match[1] as string)
  for (const match of text.matchAll(ROLE)) roles.add(match[1] as string)
  const everyone = parsed?.everyone === true || EVERYONE.test(text) ? 1 : 0
  return users.size + roles.size + everyone
}
