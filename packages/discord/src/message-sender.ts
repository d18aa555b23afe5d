import { createHash } from 'node:crypto'
import type { DeliveryReceipt, MessageRef, OutgoingAttachment, OutgoingMessage } from '@banter/core'
import { splitMessage } from '@banter/core'
import {
  AllowedMentionsTypes,
  type APIAllowedMentions,
  type APIMessage,
  type RawFile,
  type REST,
  type RESTPostAPIChannelMessageJSONBody,
  Routes,
} from 'discord.js'
import { discordError, fromDiscordError } from './errors.js'

/** The longest message Discord accepts. */
export const MAX_MESSAGE_LENGTH = 2000

/** Mentions the bot's messages may ping: users and roles, never `@everyone`/`@here`. */
export const ALLOWED_MENTIONS: APIAllowedMentions = {
  parse: [AllowedMentionsTypes.User, AllowedMentionsTypes.Role],
  replied_user: true,
}

const NONCE_MAX = 25
const PARTS_KEPT = 1000

/** The nonce of part `index` of a message: Discord takes at most 25 characters, so longer keys are hashed. */
export function partNonce(nonce: string, index: number): string {
  const key = index === 0 ? nonce : `${nonce}#${index}`
  return key.length <= NONCE_MAX
    ? key
    : createHash('sha256').update(key).digest('base64url').slice(0, NONCE_MAX)
}

/** Files of an outgoing message as discord.js's REST client uploads them, with their attachment entries. */
export function toFiles(attachments: readonly OutgoingAttachment[] | undefined): {
  files: RawFile[]
  entries: { id: number; filename: string }[]
} {
  const list = attachments ?? []
  return {
    files: list.map((a) => ({
      name: a.name,
      data: Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength),
      ...(a.contentType ? { contentType: a.contentType } : {}),
    })),
    entries: list.map((a, id) => ({ id, filename: a.name })),
  }
}

/**
 * Sends, edits, deletes and reacts to channel messages through discord.js's REST client (so it works
 * without a gateway, in send-only processes). Text over 2000 characters goes out as several messages;
 * the first answers `replyTo`, files ride on the last, and each part gets its own nonce derived from
 * the message's. Edits and deletes of a split message apply to all its parts.
 */
export class MessageSender {
  readonly #rest: REST
  readonly #emoji: (emoji: string) => string | null
  /** Part ids of split messages, by the id of their first part (the most recent ones). */
  readonly #parts = new Map<string, string[]>()

  constructor(rest: REST, resolveEmoji: (emoji: string) => string | null) {
    this.#rest = rest
    this.#emoji = resolveEmoji
  }

  /** Posts a message (split when needed). */
  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const chunks = splitMessage(message.content, MAX_MESSAGE_LENGTH)
    const ids: string[] = []
    for (const [index, content] of chunks.entries()) {
      const last = index === chunks.length - 1
      ids.push(
        await this.#post(message.channelId, content, {
          ...(index === 0 && message.replyTo !== undefined ? { replyTo: message.replyTo } : {}),
          ...(message.nonce !== undefined ? { nonce: partNonce(message.nonce, index) } : {}),
          ...(last && message.attachments?.length ? { attachments: message.attachments } : {}),
        }),
      )
    }
    const first = ids[0] as string
    if (ids.length === 1) return { id: first }
    this.#remember(first, ids)
    return { id: first, partIds: ids }
  }

  /** Replaces the text of a message the bot sent (all parts of a split one: extra parts are added or deleted). */
  async edit(ref: MessageRef, content: string): Promise<void> {
    const parts = this.#parts.get(ref.id) ?? [ref.id]
    const chunks = splitMessage(content, MAX_MESSAGE_LENGTH)
    const ids: string[] = []
    for (const [index, chunk] of chunks.entries()) {
      const id = parts[index]
      if (id === undefined) {
        ids.push(await this.#post(ref.channelId, chunk, {}))
        continue
      }
      await this.#call(`edit message ${id}`, () =>
        this.#rest.patch(Routes.channelMessage(ref.channelId, id), {
          body: { content: chunk, allowed_mentions: ALLOWED_MENTIONS },
        }),
      )
      ids.push(id)
    }
    for (const extra of parts.slice(chunks.length)) await this.#deleteOne(ref.channelId, extra)
    if (ids.length > 1) this.#remember(ref.id, ids)
    else this.#parts.delete(ref.id)
  }

  /** Deletes a message (every part of a split one). */
  async delete(ref: MessageRef): Promise<void> {
    for (const id of this.#parts.get(ref.id) ?? [ref.id]) await this.#deleteOne(ref.channelId, id)
    this.#parts.delete(ref.id)
  }

  /** Adds the bot's reaction: a Unicode emoji, `<:name:id>`, `<a:name:id>` or `name:id`. */
  async react(ref: MessageRef, emoji: string): Promise<void> {
    const identifier = emoji.trim() ? this.#emoji(emoji.trim()) : null
    if (!identifier)
      throw discordError('DISCORD_EMOJI_INVALID', `"${emoji}" is not an emoji Discord can react with`)
    await this.#call(`react to message ${ref.id}`, () =>
      this.#rest.put(Routes.channelMessageOwnReaction(ref.channelId, ref.id, identifier)),
    )
  }

  async #post(
    channelId: string,
    content: string,
    extra: { replyTo?: string; nonce?: string; attachments?: readonly OutgoingAttachment[] },
  ): Promise<string> {
    const { files, entries } = toFiles(extra.attachments)
    const body: RESTPostAPIChannelMessageJSONBody = {
      content,
      allowed_mentions: ALLOWED_MENTIONS,
      ...(extra.replyTo === undefined
        ? {}
        : { message_reference: { message_id: extra.replyTo, fail_if_not_exists: false } }),
      ...(extra.nonce === undefined ? {} : { nonce: extra.nonce, enforce_nonce: true }),
      ...(entries.length ? { attachments: entries } : {}),
    }
    const sent = (await this.#call(`send a message to channel ${channelId}`, () =>
      this.#rest.post(Routes.channelMessages(channelId), files.length ? { body, files } : { body }),
    )) as APIMessage
    return sent.id
  }

  async #deleteOne(channelId: string, id: string): Promise<void> {
    await this.#call(`delete message ${id}`, () => this.#rest.delete(Routes.channelMessage(channelId, id)))
  }

  async #call<Result>(action: string, run: () => Promise<Result>): Promise<Result> {
    try {
      return await run()
    } catch (error) {
      throw fromDiscordError(error, action)
    }
  }

  #remember(first: string, ids: string[]): void {
    this.#parts.delete(first)
    this.#parts.set(first, ids)
    if (this.#parts.size > PARTS_KEPT) this.#parts.delete(this.#parts.keys().next().value as string)
  }
}
