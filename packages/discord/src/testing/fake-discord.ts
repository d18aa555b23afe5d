import {
  type APIApplicationCommand,
  type APIMessage,
  GatewayDispatchEvents,
  GatewayIntentBits,
} from 'discord-api-types/v10'
import type { FakeCall } from './fake-call.js'
import { FakeGateway } from './fake-gateway.js'
import { FakeHttp } from './fake-http.js'
import { buildInteraction, type FakeInteraction, type FakeInteractionInit } from './fake-interactions.js'
import { memberPayload } from './fake-payloads.js'
import { type FakeAuthor, type FakeDiscordOptions, type FakeMessage, FakeWorld } from './fake-world.js'
import { snowflake } from './snowflake.js'

/** A file a user attaches to an injected message. */
export interface FakeAttachmentInit {
  /** File name. */
  readonly name: string
  /** Bytes (a string is UTF-8 encoded). */
  readonly data: Uint8Array | string
  /** MIME type Discord reports. */
  readonly contentType?: string
  /** The size Discord reports, when it should differ from the real one (to test size checks). */
  readonly size?: number
}

/** A message a user writes: `fake.userMessage({ content: '!ping' })`. */
export interface FakeUserMessageInit {
  /** Text. */
  readonly content: string
  /** Channel id (default: the first text channel; `fake.dmChannelId` for a DM). */
  readonly channelId?: string
  /** Author (default: the default user). */
  readonly author?: FakeAuthor
  /** Files. */
  readonly attachments?: readonly FakeAttachmentInit[]
  /** Prefixes the content with a mention of the bot. */
  readonly mentionsBot?: boolean
  /** Id of the message this one replies to. */
  readonly replyTo?: string
}

/**
 * A local fake Discord for end-to-end tests with the real discord.js client: REST under `/api/v10`, a
 * gateway (v10, JSON) and a CDN route for attachments, all on one HTTP server on 127.0.0.1 with a free
 * port. It holds one guild with text channels, roles and a default user, records every REST call, and
 * behaves like Discord where bots notice: snowflake ids, the echo of the bot's own messages, the
 * MessageContent intent (content is blank without it), 2000-character limit, `enforce_nonce`, 429s
 * with `Retry-After`, op 7 reconnects with RESUME.
 *
 * @example
 * ```ts
 * const fake = await FakeDiscord.start()
 * const client = new Client({ intents: [...], rest: { api: fake.apiUrl } })
 * await client.login('any-token')
 * fake.userMessage({ content: '!ping' })
 * const call = await fake.waitFor((c) => c.method === 'POST' && c.path.endsWith('/messages'))
 * await client.destroy()
 * await fake.close()
 * ```
 */
export class FakeDiscord {
  readonly #http: FakeHttp
  readonly #world: FakeWorld
  readonly #gateway: FakeGateway
  readonly #interactions = new Map<string, FakeInteraction>()

  private constructor(options: FakeDiscordOptions) {
    this.#world = new FakeWorld(options)
    this.#gateway = new FakeGateway(this.#world, {
      token: options.token,
      privileged: (options.privilegedIntents ?? ['GuildMembers', 'GuildPresences', 'MessageContent']).reduce(
        (bits, name) => bits | GatewayIntentBits[name],
        0,
      ),
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      url: () => this.gatewayUrl,
    })
    this.#http = new FakeHttp({
      world: this.#world,
      token: options.token,
      upgrade: (req, socket, head) => this.#gateway.handleUpgrade(req, socket, head),
      context: () => ({
        world: this.#world,
        interactions: this.#interactions,
        gatewayUrl: this.gatewayUrl,
        recommendedShards: options.recommendedShards ?? 1,
        echo: (message) => this.#gateway.dispatchMessage(message),
      }),
    })
  }

  /** Starts a fake Discord on 127.0.0.1 on a free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options)
    fake.#world.baseUrl = await fake.#http.listen()
    return fake
  }

  /** Every HTTP request answered, in order. */
  get calls(): readonly FakeCall[] {
    return this.#http.calls
  }

  /** The REST base to give discord.js (`rest.api`) or the adapter (`api`): `http://127.0.0.1:PORT/api`. */
  get apiUrl(): string {
    return `${this.#http.base}/api`
  }

  /** The gateway URL `GET /gateway/bot` hands out. */
  get gatewayUrl(): string {
    return `${this.#http.base.replace('http', 'ws')}/gateway`
  }

  /** The bot user's id (also the application id). */
  get botId(): string {
    return this.#world.bot.id
  }

  /** The guild's id. */
  get guildId(): string {
    return this.#world.guildId
  }

  /** The first text channel's id. */
  get channelId(): string {
    return this.#world.defaultChannelId
  }

  /** Text channel ids by name. */
  get channels(): Readonly<Record<string, string>> {
    return this.#world.channelIds
  }

  /** Role ids by name (`@everyone`'s id is the guild id). */
  get roles(): Readonly<Record<string, string>> {
    return this.#world.roleIds
  }

  /** The default user's id. */
  get userId(): string {
    return this.#world.defaultUser.id
  }

  /** The DM channel between the bot and the default user. */
  get dmChannelId(): string {
    return this.#world.dmChannelId
  }

  /** Registered slash commands: global, and those of the fake guild. */
  get commands(): {
    readonly global: readonly APIApplicationCommand[]
    readonly guild: readonly APIApplicationCommand[]
  } {
    return { global: this.#world.globalCommands, guild: this.#world.guildCommands.get(this.guildId) ?? [] }
  }

  /** Gateway counters: IDENTIFYs, RESUMEs, and sessions with an open socket. */
  get gateway(): { readonly identifies: number; readonly resumes: number; readonly connected: number } {
    const sessions = [...this.#gateway.sessions.values()]
    return {
      identifies: this.#gateway.identifies,
      resumes: this.#gateway.resumes,
      connected: sessions.filter((s) => s.socket !== undefined).length,
    }
  }

  /** The `[shardId, shardCount]` of every session identified so far, in order. */
  get shards(): readonly (readonly [number, number])[] {
    return [...this.#gateway.sessions.values()].map((s) => s.shard)
  }

  /**
   * A user writes a message: stores it and dispatches MESSAGE_CREATE to every session allowed to see it
   * (blanking the content for sessions without the MessageContent intent, as Discord does). Returns
   * the message id.
   */
  userMessage(init: FakeUserMessageInit): string {
    const world = this.#world
    const channelId = init.channelId ?? world.defaultChannelId
    if (!world.channels.has(channelId)) throw new Error(`fake Discord: unknown channel ${channelId}`)
    const author = world.resolveAuthor(init.author)
    const attachments = (init.attachments ?? []).map((a) =>
      world.addFile(
        channelId,
        a.name,
        typeof a.data === 'string' ? Buffer.from(a.data) : Buffer.from(a.data),
        a.contentType,
        a.size,
      ),
    )
    const content = init.mentionsBot ? `<@${world.bot.id}> ${init.content}` : init.content
    const { message } = world.createMessage({
      channelId,
      author,
      content,
      attachments,
      ...(init.replyTo === undefined ? {} : { replyTo: init.replyTo }),
    })
    this.#gateway.dispatchMessage(message)
    return message.id
  }

  /**
   * A user runs a registered slash command: dispatches INTERACTION_CREATE. Throws when the command was
   * not registered (as Discord would never send it). Returns the interaction's id and token.
   */
  interaction(init: FakeInteractionInit): { readonly id: string; readonly token: string } {
    const user = this.#world.resolveAuthor(init.author)
    const { payload, record } = buildInteraction(this.#world, init, user)
    this.#interactions.set(record.token, record)
    const guildId = payload.guild_id
    this.#gateway.dispatch(GatewayDispatchEvents.InteractionCreate, (s) =>
      this.#gateway.routesTo(s, guildId) ? payload : undefined,
    )
    return { id: record.id, token: record.token }
  }

  /**
   * A new member joins the guild: dispatches GUILD_MEMBER_ADD to sessions with the GuildMembers intent.
   * Returns the new member's user id.
   */
  memberJoin(author: FakeAuthor = {}): string {
    const world = this.#world
    const user = world.resolveAuthor({ ...author, id: author.id ?? snowflake() })
    const member = {
      ...memberPayload(user, world.member(user.id).roles, new Date().toISOString()),
      guild_id: world.guildId,
    }
    this.#gateway.dispatch(GatewayDispatchEvents.GuildMemberAdd, (s) =>
      s.intents & GatewayIntentBits.GuildMembers && this.#gateway.routesTo(s, world.guildId)
        ? member
        : undefined,
    )
    return user.id
  }

  /** A message by id, as it stands now (after edits, with reactions and whether it was deleted). */
  message(id: string): FakeMessage | undefined {
    const entry = this.#world.message(id)
    return entry ? { ...entry, reactions: [...entry.reactions], history: [...entry.history] } : undefined
  }

  /** Every message (users' and the bot's) in a channel, oldest first, deleted ones included. */
  messages(channelId: string = this.channelId): FakeMessage[] {
    return [...this.#world.messages.keys()]
      .map((id) => this.message(id) as FakeMessage)
      .filter((m) => m.message.channel_id === channelId)
  }

  /**
   * Resolves with the first recorded call matching `predicate` (already recorded or yet to come);
   * rejects after `timeoutMs` with the calls seen so far.
   */
  waitFor(predicate: (call: FakeCall) => boolean, timeoutMs = 5000): Promise<FakeCall> {
    return this.#http.until(() => this.calls.find(predicate), timeoutMs, 'matching REST call')
  }

  /**
   * Resolves with the first message the bot created (in any channel, including interaction responses)
   * matching `predicate`, as it stands when found.
   */
  waitForBotMessage(
    predicate: (message: APIMessage) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<APIMessage> {
    return this.#http.until(
      () =>
        [...this.#world.messages.values()].find(
          (m) => m.message.author.id === this.botId && !m.deleted && predicate(m.message),
        )?.message,
      timeoutMs,
      'matching bot message',
    )
  }

  /**
   * Answers the next REST call whose path (after `/api/v10`) equals `pathPattern` (a string) or matches
   * it (a RegExp) with 429 and `Retry-After: retryAfterSeconds`, as Discord does.
   */
  rateLimitNext(
    pathPattern: string | RegExp,
    retryAfterSeconds: number,
    options: { readonly method?: string; readonly global?: boolean } = {},
  ): void {
    this.#http.rateLimitNext(
      pathPattern,
      retryAfterSeconds,
      options.method?.toUpperCase(),
      options.global ?? false,
    )
  }

  /** Sends op 7 RECONNECT to every connected client; they RESUME and get every event they missed. */
  reconnect(): void {
    this.#gateway.reconnect()
  }

  /**
   * Cuts every gateway socket without a close frame, as a network failure does: clients reconnect and
   * RESUME, and get every event dispatched while they were away. Returns the number of sockets cut.
   */
  dropConnections(): number {
    return this.#gateway.drop()
  }

  /**
   * Sends a raw gateway frame to every connected client, to test how a bot survives malformed
   * payloads: a string is sent as is, anything else as a dispatch `{ op: 0, t, s, d }` when it has a
   * `t`, or JSON-encoded otherwise.
   */
  sendRaw(frame: string | { readonly t: string; readonly d: unknown } | object): void {
    if (typeof frame === 'string') this.#gateway.sendRaw(frame)
    else if ('t' in frame && typeof frame.t === 'string')
      this.#gateway.sendRawDispatch(frame.t, (frame as { d: unknown }).d)
    else this.#gateway.sendRaw(JSON.stringify(frame))
  }

  /** Closes every socket and connection and stops the server. Destroy discord.js clients first. */
  async close(): Promise<void> {
    this.#gateway.close()
    await this.#http.close()
  }
}
