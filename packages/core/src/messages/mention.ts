import type { ChatUser } from './chat-message.js'

/** Banter's platform-neutral mention markup: `<@id>`. */
const MENTION = /<@!?([^\s<>]+)>/g

/**
 * A mention of `user` to put in a message the bot sends: `<@id>`, Banter's platform-neutral mention
 * markup. Each adapter renders it its own way (Discord pings the user; the console prints `@name`
 * for users it knows, `@id` otherwise). Inbound messages use the same markup for mentions of the bot.
 *
 * @example
 * ```ts
 * await ctx.messages.reply(message, `${mention(message.author)}, your reminder: ${text}`)
 * ```
 */
export function mention(user: Pick<ChatUser, 'id'>): string {
  return `<@${user.id}>`
}

/** The user ids mentioned in `text` with {@link mention}'s markup, in order, without repeats. */
export function mentionedIds(text: string): string[] {
  const ids: string[] = []
  for (const match of text.matchAll(MENTION)) {
    const id = match[1] as string
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

/** `text` with every mention markup replaced by what `render(id)` returns (adapters without markup). */
export function renderMentions(text: string, render: (id: string) => string): string {
  return text.replace(MENTION, (_, id: string) => render(id))
}
