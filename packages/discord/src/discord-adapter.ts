import type {
  AdapterHost,
  ChatAdapter,
  ChatMessage,
  DeliveryReceipt,
  Disposer,
  Logger,
  MessageRef,
  OutgoingMessage,
} from '@banter/core'
import {
  Client,
  Events,
  GatewayIntentBits,
  type GuildMember,
  type Interaction,
  type Message,
  Partials,
} from 'discord.js'
import { watchConnection } from './connection-log.js'
import { discordError, loginError } from './errors.js'
import { guardPacketHandling } from './guard-packets.js'
import { InteractionReplies, interactionMessage } from './interaction-replies.js'
import { MAX_MESSAGE_LENGTH, MessageSender } from './message-sender.js'
import {
  type DiscordAdapterOptions,
  intentBits,
  intentNames,
  parseDiscordOptions,
  type ResolvedDiscordAdapterOptions,
} from './options.js'
import { SlashCommandSync } from './slash-command-sync.js'
import { interactionArgs, interactionContent } from './slash-commands.js'
import { PLATFORM, toChatMessage, toChatUser } from './to-chat-message.js'

/**
 * Where the adapter is in its life: `connecting` also while the gateway reconnects, `disconnected`
 * when Discord closed the gateway for good (e.g. intents not allowed).
 */
export type DiscordAdapterStatus = 'idle' | 'connecting' | 'ready' | 'disconnected' | 'stopped'

/**
 * The Discord adapter: connects a Banter bot to Discord through discord.js 14.
 *
 * Incoming guild and DM messages become core messages (author with role ids and names, mentions,
 * the replied-to message, lazily downloaded attachments); the bot's own messages are always ignored,
 * other bots' unless `allowBots`. Outgoing messages are posted through REST, split past 2000
 * characters; edits, deletes and reactions too. With `slashCommands`, the bot's commands are
 * registered as slash commands and each interaction runs through the normal pipeline as
 * `<prefix><name> <args>`, its replies answering the interaction. `member.joined` is emitted when the
 * `GuildMembers` intent is on.
 *
 * @example
 * ```ts
 * import { createBot } from '@banter/core'
 * import { DiscordAdapter } from '@banter/discord'
 *
 * const bot = createBot({ adapter: new DiscordAdapter({ token: process.env.DISCORD_TOKEN }) })
 * await bot.start()
 * ```
 */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = PLATFORM
  readonly maxMessageLength = MAX_MESSAGE_LENGTH
  /** The validated options (the token is not among them). */
  readonly options: Readonly<Omit<ResolvedDiscordAdapterOptions, 'token'>>
  readonly #token: string
  #client: Client | undefined
  #host: AdapterHost | undefined
  #log: Logger | undefined
  #sender: MessageSender | undefined
  #interactions: InteractionReplies | undefined
  #commands: SlashCommandSync | undefined
  #disposers: Disposer[] = []
  #status: DiscordAdapterStatus = 'idle'

  /**
   * Validates the options (`CONFIG_INVALID` on a bad one) and the token (`DISCORD_TOKEN_MISSING`).
   * Nothing connects before `start`.
   */
  constructor(options: DiscordAdapterOptions = {}) {
    const { token, ...resolved } = parseDiscordOptions(options)
    const found = token ?? process.env.DISCORD_TOKEN
    if (!found) throw discordError('DISCORD_TOKEN_MISSING', 'the Discord adapter has no bot token')
    this.#token = found
    this.options = resolved
  }

  /** Whether the adapter works now: `ready` once logged in with the guilds loaded (send-only: REST ready). */
  get status(): DiscordAdapterStatus {
    return this.#status
  }

  /** For the bot's readiness check (`/readyz`): true only while `status` is `ready`. */
  get connected(): boolean {
    return this.#status === 'ready'
  }

  /** The discord.js client, once started (for what the adapter does not cover). */
  get client(): Client | undefined {
    return this.#client
  }

  /** Logs in (REST only with `sendOnly`), waits for the guilds, then registers slash commands if asked. */
  async start(host: AdapterHost): Promise<void> {
    this.#host = host
    const log = host.logger.child({ adapter: PLATFORM })
    this.#log = log
    this.#status = 'connecting'
    const intents = intentBits(this.options.intents)
    const client = new Client({
      intents,
      partials: [Partials.Channel],
      waitGuildTimeout: this.options.waitGuildTimeout,
      allowedMentions: { parse: ['users', 'roles'], repliedUser: true },
      rest: this.options.api ? { api: this.options.api } : {},
    })
    this.#client = client
    this.#sender = new MessageSender(client.rest, (emoji) => client.emojis.resolveIdentifier(emoji))
    watchConnection(client, log, {
      live: () => this.#status !== 'stopped',
      set: (status) => {
        this.#status = status
      },
    })
    if (this.options.sendOnly) {
      client.rest.setToken(this.#token)
      this.#status = 'ready'
      log.info('Discord adapter ready to send (send-only: no gateway connection)')
      return
    }
    guardPacketHandling(client, log)
    if (!(intents & GatewayIntentBits.MessageContent)) {
      log.warn(
        'the MessageContent intent is off: Discord sends guild messages with blank content unless they mention the bot, so prefix commands only work in DMs and mentions (slash commands still work)',
      )
    }
    client.on(Events.MessageCreate, (message) => this.#onMessage(message))
    client.on(Events.InteractionCreate, (interaction) => this.#onInteraction(interaction))
    client.on(Events.GuildMemberAdd, (member) => this.#onMemberJoin(member))
    const slash = this.options.slashCommands
    if (slash !== false) {
      const settings = slash === true ? { deferAfterMs: 1500 } : slash
      this.#interactions = new InteractionReplies(settings.deferAfterMs, log)
      this.#commands = new SlashCommandSync(client, host.commands, settings.guildId, log)
    }
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
    try {
      await client.login(this.#token)
    } catch (error) {
      this.#status = 'stopped'
      await client.destroy().catch(() => undefined)
      throw loginError(error, intentNames(this.options.intents))
    }
    await ready
    this.#status = 'ready'
    log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'logged in to Discord')
    if (this.#commands) {
      await this.#commands.sync()
      this.#disposers.push(this.#commands.watch())
    }
  }

  /** Disconnects; pending interactions stop waiting. */
  async stop(): Promise<void> {
    for (const dispose of this.#disposers.splice(0)) dispose()
    this.#interactions?.close()
    this.#commands?.close()
    const client = this.#client
    this.#client = undefined
    this.#status = 'stopped'
    await client?.destroy()
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    if (this.#interactions?.owns(message.replyTo)) return this.#interactions.send(message)
    return this.#requireSender().send(message)
  }

  async edit(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    if (this.#interactions?.answers(ref.id)) return this.#interactions.edit(ref.id, message.content)
    return this.#requireSender().edit(ref, message.content)
  }

  async delete(ref: MessageRef): Promise<void> {
    if (this.#interactions?.answers(ref.id)) return this.#interactions.delete(ref.id)
    return this.#requireSender().delete(ref)
  }

  async react(ref: MessageRef, emoji: string): Promise<void> {
    return this.#requireSender().react(ref, emoji)
  }

  #requireSender(): MessageSender {
    if (!this.#sender || this.#status === 'stopped') {
      throw discordError('DISCORD_NOT_CONNECTED', 'the Discord adapter is not started')
    }
    return this.#sender
  }

  #onMessage(message: Message): void {
    try {
      const client = this.#client
      if (!client?.user || message.author.id === client.user.id) return
      if ((message.author.bot || message.webhookId) && !this.options.allowBots) return
      if (message.system || message.partial) return
      this.#deliver(toChatMessage(message, client.user.id, this.options.maxAttachmentBytes))
    } catch (error) {
      this.#log?.warn({ err: error, messageId: message?.id }, 'could not read a Discord message; skipped it')
    }
  }

  #onInteraction(interaction: Interaction): void {
    const replies = this.#interactions
    const host = this.#host
    if (!replies || !host || !interaction.isChatInputCommand()) return
    try {
      const info = host.commands.find(interaction.commandName)
      const message = interactionMessage(
        interaction,
        interactionContent(host.prefix, interaction, info),
        interactionArgs(interaction, info),
      )
      replies.open(interaction)
      this.#receive(message)
        .then((result) => replies.finish(interaction.id, result))
        .catch((error: unknown) => replies.finish(interaction.id, error as Error))
    } catch (error) {
      this.#log?.warn({ err: error }, 'could not read a slash command interaction; skipped it')
    }
  }

  #onMemberJoin(member: GuildMember): void {
    const host = this.#host
    if (!host) return
    try {
      const payload = { guildId: member.guild.id, user: toChatUser(member.user, member), platform: PLATFORM }
      host
        .emit('member.joined', payload)
        .catch((error: unknown) => this.#log?.warn({ err: error }, 'member.joined listeners failed'))
    } catch (error) {
      this.#log?.warn({ err: error }, 'could not read a guild member join; skipped it')
    }
  }

  #deliver(message: ChatMessage): void {
    this.#receive(message).catch(() => undefined)
  }

  #receive(message: ChatMessage) {
    const host = this.#host as AdapterHost
    return host.receive(message).catch((error: unknown) => {
      this.#log?.warn({ err: error, messageId: message.id }, `message ${message.id} was not handled`)
      throw error
    })
  }
}
