import type {
  APIApplicationCommand,
  APIAttachment,
  APIDMChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  GuildMemberFlags,
} from 'discord-api-types/v10'
import { ChannelType, MessageType } from 'discord-api-types/v10'
import {
  attachmentPayload,
  dmChannelPayload,
  EVERYONE_PERMISSIONS,
  guildDefaults,
  memberPayload,
  rolePayload,
  textChannelPayload,
  userPayload,
} from './fake-payloads.js'
import { snowflake } from './snowflake.js'

/** How the fake Discord is set up. Every field is optional. */
export interface FakeDiscordOptions {
  /** The bot token the fake accepts; any token when absent (a wrong one gets 401 / close 4004). */
  readonly token?: string
  /** The bot user's name (default `banter-bot`). */
  readonly botName?: string
  /** The guild's name (default `Banter Test`). */
  readonly guildName?: string
  /** Text channel names (default `['general']`); the first is the default channel. */
  readonly channels?: readonly string[]
  /** Role names besides `@everyone` (default `['Moderator']`). */
  readonly roles?: readonly string[]
  /** The default user who writes messages (default `alice`). */
  readonly userName?: string
  /** Shard count `GET /gateway/bot` recommends (default 1). */
  readonly recommendedShards?: number
  /** Heartbeat interval sent in HELLO, in milliseconds (default 41250, as Discord). */
  readonly heartbeatIntervalMs?: number
  /**
   * The privileged intents enabled for the application (default all three). IDENTIFY asking for
   * another one is closed with 4014 "Disallowed intent(s)", as Discord does.
   */
  readonly privilegedIntents?: readonly ('GuildMembers' | 'GuildPresences' | 'MessageContent')[]
}

/** Who writes an injected message or joins: any subset; unknown ids become new guild members. */
export interface FakeAuthor {
  /** User id (default: the default user). */
  readonly id?: string
  /** User name (default `user-<id>` for new users). */
  readonly username?: string
  /** Whether the user is a bot. */
  readonly bot?: boolean
  /** Role names or ids the member holds (replaces the current roles). */
  readonly roles?: readonly string[]
}

/** A message as the fake stores it: the payload as it stands now, with what happened to it. */
export interface FakeMessage {
  /** The message (content after edits). */
  readonly message: APIMessage
  /** Whether it was deleted. */
  readonly deleted: boolean
  /** Reactions the bot added, as route identifiers (`%F0%9F%91%8D`, `name:id`). */
  readonly reactions: readonly string[]
  /** Contents before each edit, oldest first. */
  readonly history: readonly string[]
}

/** What {@link FakeWorld.createMessage} needs. */
export interface MessageInit {
  readonly channelId: string
  readonly author: APIUser
  readonly content: string
  readonly attachments?: readonly APIAttachment[]
  readonly replyTo?: string
  readonly nonce?: string | number
  readonly webhookId?: string
}

/** A stored message, mutable by the REST routes. */
export interface MutableMessage {
  message: APIMessage
  deleted: boolean
  reactions: string[]
  history: string[]
}

interface Member {
  user: APIUser
  roles: string[]
  joinedAt: string
}

const MENTION = /<@!?(\d{17,19})>/g
const ROLE_MENTION = /<@&(\d{17,19})>/g

/**
 * The state of the fake Discord: one guild with text channels and roles, its members, a DM channel
 * with the default user, messages, stored files, application commands. REST and gateway both read it.
 */
export class FakeWorld {
  /** The bot user (its id is also the application id). */
  readonly bot: APIUser
  /** The one guild. */
  readonly guildId = snowflake()
  /** The guild's name. */
  readonly guildName: string
  /** Text channel ids by name. */
  readonly channelIds: Readonly<Record<string, string>>
  /** Role ids by name. */
  readonly roleIds: Readonly<Record<string, string>>
  /** The user who writes when no author is given. */
  readonly defaultUser: APIUser
  /** The DM channel between the bot and the default user. */
  readonly dmChannelId = snowflake()
  /** Every channel (text channels and the DM) by id. */
  readonly channels = new Map<string, APITextChannel | APIDMChannel>()
  /** `@everyone` and the named roles. */
  readonly roles: APIRole[]
  /** Guild members by user id. */
  readonly members = new Map<string, Member>()
  /** Every message by id. */
  readonly messages = new Map<string, MutableMessage>()
  /** Files by `${channelId}/${attachmentId}`. */
  readonly files = new Map<string, { readonly data: Buffer; readonly contentType?: string }>()
  /** Registered global slash commands. */
  readonly globalCommands: APIApplicationCommand[] = []
  /** Registered guild slash commands by guild id. */
  readonly guildCommands = new Map<string, APIApplicationCommand[]>()
  readonly #nonces = new Map<string, string>()
  readonly #joinedAt = new Date().toISOString()
  /** `http://127.0.0.1:PORT`, for attachment URLs. */
  baseUrl = ''

  /** Builds the guild, channels, roles and default user from the options. */
  constructor(options: FakeDiscordOptions) {
    this.bot = userPayload(snowflake(), options.botName ?? 'banter-bot', true)
    this.guildName = options.guildName ?? 'Banter Test'
    const channelNames = options.channels?.length ? options.channels : ['general']
    const channelIds: Record<string, string> = {}
    channelNames.forEach((name, position) => {
      const id = snowflake()
      channelIds[name] = id
      this.channels.set(id, textChannelPayload(id, this.guildId, name, position))
    })
    this.channelIds = channelIds
    const roleIds: Record<string, string> = {}
    this.roles = [rolePayload(this.guildId, '@everyone', 0, EVERYONE_PERMISSIONS)]
    ;(options.roles ?? ['Moderator']).forEach((name, index) => {
      const id = snowflake()
      roleIds[name] = id
      this.roles.push(rolePayload(id, name, index + 1, '0'))
    })
    this.roleIds = roleIds
    this.defaultUser = userPayload(snowflake(), options.userName ?? 'alice', false)
    this.members.set(this.bot.id, { user: this.bot, roles: [], joinedAt: this.#joinedAt })
    this.members.set(this.defaultUser.id, { user: this.defaultUser, roles: [], joinedAt: this.#joinedAt })
    this.channels.set(this.dmChannelId, dmChannelPayload(this.dmChannelId, this.defaultUser))
  }

  /** The id of the first text channel. */
  get defaultChannelId(): string {
    return Object.values(this.channelIds)[0] as string
  }

  /** Whether `channelId` is a guild channel (not a DM). */
  isGuildChannel(channelId: string): boolean {
    return this.channels.get(channelId)?.type !== ChannelType.DM
  }

  /** The user an injected message or join is from, created (as a guild member) if new. */
  resolveAuthor(author: FakeAuthor = {}): APIUser {
    const id = author.id ?? this.defaultUser.id
    let member = this.members.get(id)
    if (!member) {
      const user = userPayload(id, author.username ?? `user-${id.slice(-4)}`, author.bot ?? false)
      member = { user, roles: [], joinedAt: new Date().toISOString() }
      this.members.set(id, member)
    }
    if (author.roles) member.roles = author.roles.map((r) => this.roleIds[r] ?? r)
    return member.user
  }

  /** The guild member record of a user. */
  member(userId: string): APIGuildMember {
    const m = this.members.get(userId)
    if (!m) throw new Error(`fake Discord: user ${userId} is not a member of the guild`)
    return memberPayload(m.user, m.roles, m.joinedAt)
  }

  /** The GUILD_CREATE payload. */
  guildCreate(): GatewayGuildCreateDispatchData {
    const channels = [...this.channels.values()].filter((c): c is APITextChannel => c.type !== 1)
    return {
      ...guildDefaults(),
      id: this.guildId,
      name: this.guildName,
      owner_id: this.defaultUser.id,
      roles: this.roles,
      joined_at: this.#joinedAt,
      member_count: this.members.size,
      members: [this.member(this.bot.id)],
      channels,
    }
  }

  /** Stores a file so the CDN route serves it, and returns its attachment object. */
  addFile(channelId: string, name: string, data: Buffer, contentType?: string, reportedSize?: number) {
    const id = snowflake()
    this.files.set(`${channelId}/${id}`, contentType === undefined ? { data } : { data, contentType })
    const url = `${this.baseUrl}/cdn/attachments/${channelId}/${id}/${encodeURIComponent(name)}`
    return attachmentPayload(id, name, reportedSize ?? data.length, url, contentType)
  }

  /**
   * Creates and stores a message. With a `nonce` already seen in the channel, returns the message
   * that nonce created instead (Discord's `enforce_nonce`).
   */
  createMessage(init: MessageInit): { message: APIMessage; duplicate: boolean } {
    const nonceKey = init.nonce === undefined ? undefined : `${init.channelId}:${init.nonce}`
    const seen = nonceKey === undefined ? undefined : this.#nonces.get(nonceKey)
    if (seen !== undefined)
      return { message: (this.messages.get(seen) as MutableMessage).message, duplicate: true }
    const id = snowflake()
    const mentions = [...init.content.matchAll(MENTION)]
      .map((m) => this.members.get(m[1] as string)?.user)
      .filter((u): u is APIUser => u !== undefined)
    const message: APIMessage = {
      id,
      channel_id: init.channelId,
      author: init.author,
      content: init.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: /@(everyone|here)\b/.test(init.content),
      mentions,
      mention_roles: [...init.content.matchAll(ROLE_MENTION)].map((m) => m[1] as string),
      attachments: [...(init.attachments ?? [])],
      embeds: [],
      pinned: false,
      type: init.replyTo === undefined ? MessageType.Default : MessageType.Reply,
      ...(init.replyTo === undefined
        ? {}
        : { message_reference: { message_id: init.replyTo, channel_id: init.channelId } }),
      ...(init.nonce === undefined ? {} : { nonce: init.nonce }),
      ...(init.webhookId === undefined ? {} : { webhook_id: init.webhookId }),
    }
    this.messages.set(id, { message, deleted: false, reactions: [], history: [] })
    if (nonceKey !== undefined) this.#nonces.set(nonceKey, id)
    return { message, duplicate: false }
  }

  /** Replaces a stored message's content (and attachments when given). */
  editMessage(id: string, content: string | undefined, attachments?: readonly APIAttachment[]): APIMessage {
    const entry = this.messages.get(id)
    if (!entry || entry.deleted) throw new Error(`unknown message ${id}`)
    if (content !== undefined) entry.history.push(entry.message.content)
    entry.message = {
      ...entry.message,
      ...(content === undefined ? {} : { content }),
      ...(attachments ? { attachments: [...attachments] } : {}),
      edited_timestamp: new Date().toISOString(),
    }
    return entry.message
  }

  /** A stored message by id, deleted ones included. */
  message(id: string): MutableMessage | undefined {
    return this.messages.get(id)
  }

  /** The MESSAGE_CREATE payload of a stored message (guild messages carry `guild_id` and `member`). */
  messageCreate(message: APIMessage): GatewayMessageCreateDispatchData {
    if (!this.isGuildChannel(message.channel_id)) return { ...message, channel_type: ChannelType.DM }
    const member = this.members.get(message.author.id)
    return {
      ...message,
      channel_type: ChannelType.GuildText,
      guild_id: this.guildId,
      ...(member && !message.webhook_id
        ? {
            member: {
              roles: member.roles,
              joined_at: member.joinedAt,
              deaf: false,
              mute: false,
              flags: 0 as GuildMemberFlags,
            },
          }
        : {}),
    }
  }

  /** The registered commands visible in the guild: guild commands first, then global ones. */
  commandNamed(name: string): APIApplicationCommand | undefined {
    return (
      this.guildCommands.get(this.guildId)?.find((c) => c.name === name) ??
      this.globalCommands.find((c) => c.name === name)
    )
  }
}
