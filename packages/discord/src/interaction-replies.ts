import type { ChatMessage, DeliveryReceipt, Logger, OutgoingMessage, ReceiveResult } from '@banter/core'
import { type ChatInputCommandInteraction, type GuildMember, MessageFlags } from 'discord.js'
import { fromDiscordError } from './errors.js'
import { ALLOWED_MENTIONS, MAX_MESSAGE_LENGTH } from './message-sender.js'
import { splitContent } from './split-content.js'
import { PLATFORM, toChatUser } from './to-chat-message.js'

/** Interaction tokens stay valid for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000

interface Entry {
  readonly interaction: ChatInputCommandInteraction
  state: 'pending' | 'deferred' | 'replied'
  /** Whether the deferred "thinking…" message was replaced by a reply. */
  originalUsed: boolean
  queue: Promise<unknown>
  timer: NodeJS.Timeout | undefined
  readonly expiresAt: number
}

/** The core message a slash command stands for, with `content` = `<prefix><name> <args>`. */
export function interactionMessage(
  interaction: ChatInputCommandInteraction,
  content: string,
  args: Readonly<Record<string, unknown>>,
): ChatMessage {
  const member = interaction.inCachedGuild() ? (interaction.member as GuildMember) : undefined
  return {
    id: interaction.id,
    channelId: interaction.channelId,
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    author: toChatUser(interaction.user, member),
    content,
    attachments: [],
    mentions: { users: [], roles: [], everyone: false, bot: false },
    timestamp: interaction.createdTimestamp,
    platform: PLATFORM,
    invocation: { command: interaction.commandName, args },
  }
}

/**
 * Answers slash command interactions with the bot's replies. A reply whose `replyTo` is the
 * interaction's id goes out as the interaction response (the callback) when it comes within
 * `deferAfterMs`; otherwise the interaction is deferred ("thinking…") and the first reply replaces
 * that message. Later replies are follow-ups. Replies are sent one at a time per interaction.
 */
export class InteractionReplies {
  readonly #byId = new Map<string, Entry>()
  readonly #byResponse = new Map<string, Entry>()
  readonly #deferAfterMs: number
  readonly #log: Logger

  constructor(deferAfterMs: number, log: Logger) {
    this.#deferAfterMs = deferAfterMs
    this.#log = log
  }

  /** Starts tracking an interaction (and its defer timer). */
  open(interaction: ChatInputCommandInteraction): void {
    this.#prune()
    const entry: Entry = {
      interaction,
      state: 'pending',
      originalUsed: false,
      queue: Promise.resolve(),
      timer: undefined,
      expiresAt: interaction.createdTimestamp + TOKEN_LIFETIME_MS,
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined
      this.#enqueue(entry, async () => {
        if (entry.state !== 'pending') return
        await interaction.deferReply()
        entry.state = 'deferred'
      }).catch((error: unknown) =>
        this.#log.warn({ err: error }, 'could not defer a slash command interaction'),
      )
    }, this.#deferAfterMs)
    entry.timer.unref()
    this.#byId.set(interaction.id, entry)
  }

  /**
   * Called once the bot handled the interaction's message: if nothing answered it, answers with a
   * short notice so the user does not see "The application did not respond".
   */
  async finish(id: string, outcome: ReceiveResult | Error): Promise<void> {
    const entry = this.#byId.get(id)
    if (!entry) return
    const notice =
      outcome instanceof Error
        ? 'The bot could not run this command right now.'
        : outcome.stoppedBy
          ? `Blocked by the ${outcome.stoppedBy} plugin.`
          : outcome.command
            ? 'Done.'
            : `Unknown command \`/${entry.interaction.commandName}\`.`
    await this.#enqueue(entry, async () => {
      if (entry.timer) clearTimeout(entry.timer)
      entry.timer = undefined
      if (entry.state === 'pending') {
        await entry.interaction.reply({
          content: notice,
          flags: MessageFlags.Ephemeral,
          allowedMentions: ALLOWED_MENTIONS,
        })
        entry.state = 'replied'
      } else if (entry.state === 'deferred' && !entry.originalUsed) {
        await entry.interaction.editReply({ content: notice })
        entry.originalUsed = true
      }
    }).catch((error: unknown) =>
      this.#log.warn({ err: error }, 'could not close a slash command interaction'),
    )
  }

  /** Whether a reply to `replyTo` answers a live interaction. */
  owns(replyTo: string | undefined): boolean {
    return replyTo !== undefined && this.#live(this.#byId.get(replyTo)) !== undefined
  }

  /** Whether `messageId` is an interaction response (edited and deleted through the interaction). */
  answers(messageId: string): boolean {
    return this.#live(this.#byResponse.get(messageId)) !== undefined
  }

  /** Sends a reply to the interaction `message.replyTo` (split over several messages when long). */
  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const entry = this.#byId.get(message.replyTo as string) as Entry
    const chunks = splitContent(message.content, MAX_MESSAGE_LENGTH)
    const ids: string[] = []
    for (const [index, content] of chunks.entries()) {
      const files =
        index === chunks.length - 1
          ? (message.attachments ?? []).map((a) => ({ attachment: Buffer.from(a.data), name: a.name }))
          : []
      ids.push(await this.#enqueue(entry, () => this.#reply(entry, content, files)))
    }
    for (const id of ids) this.#byResponse.set(id, entry)
    const first = ids[0] as string
    return ids.length > 1 ? { id: first, partIds: ids } : { id: first }
  }

  /** Edits an interaction response (extra text beyond 2000 characters goes out as follow-ups). */
  async edit(messageId: string, content: string): Promise<void> {
    const entry = this.#byResponse.get(messageId) as Entry
    const [first = '', ...more] = splitContent(content, MAX_MESSAGE_LENGTH)
    await this.#enqueue(entry, () =>
      this.#call(`edit interaction response ${messageId}`, () =>
        entry.interaction.editReply({
          content: first,
          message: messageId,
          allowedMentions: ALLOWED_MENTIONS,
        }),
      ),
    )
    for (const chunk of more) {
      const id = await this.#enqueue(entry, () => this.#reply(entry, chunk, []))
      this.#byResponse.set(id, entry)
    }
  }

  /** Deletes an interaction response. */
  async delete(messageId: string): Promise<void> {
    const entry = this.#byResponse.get(messageId) as Entry
    await this.#enqueue(entry, () =>
      this.#call(`delete interaction response ${messageId}`, () => entry.interaction.deleteReply(messageId)),
    )
    this.#byResponse.delete(messageId)
  }

  /** Stops every defer timer. */
  close(): void {
    for (const entry of this.#byId.values()) if (entry.timer) clearTimeout(entry.timer)
    this.#byId.clear()
    this.#byResponse.clear()
  }

  async #reply(
    entry: Entry,
    content: string,
    files: { attachment: Buffer; name: string }[],
  ): Promise<string> {
    const options = { content, files, allowedMentions: ALLOWED_MENTIONS }
    const interaction = entry.interaction
    return this.#call(`answer slash command /${interaction.commandName}`, async () => {
      if (entry.state === 'pending') {
        if (entry.timer) clearTimeout(entry.timer)
        entry.timer = undefined
        const response = await interaction.reply({ ...options, withResponse: true })
        entry.state = 'replied'
        return response.resource?.message?.id ?? (await interaction.fetchReply()).id
      }
      if (entry.state === 'deferred' && !entry.originalUsed) {
        entry.originalUsed = true
        return (await interaction.editReply(options)).id
      }
      return (await interaction.followUp(options)).id
    })
  }

  #enqueue<Result>(entry: Entry, step: () => Promise<Result>): Promise<Result> {
    const next = entry.queue.then(step, step)
    entry.queue = next.catch(() => undefined)
    return next
  }

  async #call<Result>(action: string, run: () => Promise<Result>): Promise<Result> {
    try {
      return await run()
    } catch (error) {
      throw fromDiscordError(error, action)
    }
  }

  #live(entry: Entry | undefined): Entry | undefined {
    return entry && entry.expiresAt > Date.now() ? entry : undefined
  }

  #prune(): void {
    const now = Date.now()
    for (const [id, entry] of this.#byId) if (entry.expiresAt <= now) this.#byId.delete(id)
    for (const [id, entry] of this.#byResponse) if (entry.expiresAt <= now) this.#byResponse.delete(id)
  }
}
