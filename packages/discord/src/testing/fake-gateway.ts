import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  type APIMessage,
  type ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10'
import { type WebSocket, WebSocketServer } from 'ws'
import type { FakeWorld } from './fake-world.js'

/** One gateway session: survives its socket so the client can RESUME it. */
export interface GatewaySession {
  readonly id: string
  /** The intents bitfield sent in IDENTIFY. */
  readonly intents: number
  /** `[shardId, shardCount]` from IDENTIFY. */
  readonly shard: readonly [number, number]
  /** The open socket, or `undefined` while the client reconnects. */
  socket: WebSocket | undefined
  /** The last sequence number sent. */
  seq: number
  /** Dispatches sent, kept to replay after a RESUME. */
  readonly log: { readonly s: number; readonly frame: string }[]
}

/** Options of {@link FakeGateway}. */
export interface FakeGatewayOptions {
  readonly token: string | undefined
  /** Privileged intent bits the application may use. */
  readonly privileged: number
  readonly heartbeatIntervalMs: number
  readonly url: () => string
}

const LOG_LIMIT = 1000
const PRIVILEGED =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent

/** Whether the guild belongs to the shard, by Discord's formula `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count))
}

/**
 * The fake's gateway (v10, JSON, no compression): HELLO, heartbeat ACK, IDENTIFY → READY +
 * GUILD_CREATE, RESUME → replay + RESUMED, op 7 on demand.
 */
export class FakeGateway {
  readonly sessions = new Map<string, GatewaySession>()
  /** IDENTIFYs received. */
  identifies = 0
  /** RESUMEs received. */
  resumes = 0
  readonly #wss = new WebSocketServer({ noServer: true })
  readonly #world: FakeWorld
  readonly #options: FakeGatewayOptions

  constructor(world: FakeWorld, options: FakeGatewayOptions) {
    this.#world = world
    this.#options = options
    this.#wss.on('connection', (ws) => this.#onConnection(ws))
  }

  /** Takes over an HTTP upgrade to the gateway path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req))
  }

  /**
   * Sends a dispatch to every session for which `build` returns data (return `undefined` to skip a
   * session, e.g. for lack of an intent). Sessions without a socket get it on RESUME.
   */
  dispatch(t: GatewayDispatchEvents, build: (session: GatewaySession) => unknown): number {
    let sent = 0
    for (const session of this.sessions.values()) {
      const d = build(session)
      if (d === undefined) continue
      this.#send(session, t, d)
      sent += 1
    }
    return sent
  }

  /** Whether a guild's events (DMs when `guildId` is undefined: shard 0) go to this session's shard. */
  routesTo(session: GatewaySession, guildId: string | undefined): boolean {
    const [shard, count] = session.shard
    return guildId === undefined ? shard === 0 : shardOf(guildId, count) === shard
  }

  /**
   * Dispatches MESSAGE_CREATE as Discord would: to the shard of the guild (DMs: shard 0), only with
   * GuildMessages (DirectMessages for DMs), and with blank content, embeds and attachments for
   * sessions without MessageContent, unless it is a DM, mentions the bot or is the bot's own.
   */
  dispatchMessage(message: APIMessage): void {
    const world = this.#world
    const inGuild = world.isGuildChannel(message.channel_id)
    const payload = world.messageCreate(message)
    const blank: GatewayMessageCreateDispatchData = {
      ...payload,
      content: '',
      embeds: [],
      attachments: [],
      components: [],
    }
    const mentionsBot = message.mentions.some((u) => u.id === world.bot.id)
    this.dispatch(GatewayDispatchEvents.MessageCreate, (s) => {
      if (!this.routesTo(s, inGuild ? world.guildId : undefined)) return undefined
      const needed = inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages
      if (!(s.intents & needed)) return undefined
      const readable =
        s.intents & GatewayIntentBits.MessageContent ||
        !inGuild ||
        mentionsBot ||
        message.author.id === world.bot.id
      return readable ? payload : blank
    })
  }

  /** Sends op 7 RECONNECT on every open socket; dispatches wait for the RESUME. */
  reconnect(): number {
    let count = 0
    for (const session of this.sessions.values()) {
      const socket = session.socket
      if (!socket) continue
      session.socket = undefined
      socket.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }))
      count += 1
    }
    return count
  }

  /**
   * Cuts every open socket without a close frame (a network failure): sessions are kept, so clients
   * reconnect, RESUME and get what was dispatched meanwhile. Returns the number of sockets cut.
   */
  drop(): number {
    let count = 0
    for (const client of this.#wss.clients) {
      client.terminate()
      count += 1
    }
    return count
  }

  /** Sends a frame as is on every open socket (to test malformed payloads). */
  sendRaw(frame: string): void {
    for (const session of this.sessions.values()) session.socket?.send(frame)
  }

  /** Sends a dispatch with the next sequence number on every open socket, without any checks. */
  sendRawDispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) {
      if (session.socket) this.#send(session, t, d)
    }
  }

  /** Closes every socket. */
  close(): void {
    for (const client of this.#wss.clients) client.terminate()
    this.#wss.close()
  }

  #send(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d })
    session.log.push({ s: session.seq, frame })
    if (session.log.length > LOG_LIMIT) session.log.shift()
    session.socket?.send(frame)
  }

  #onConnection(ws: WebSocket): void {
    ws.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.#options.heartbeatIntervalMs },
      }),
    )
    ws.on('message', (data) => {
      let packet: { op?: number; d?: Record<string, unknown> | number | null }
      try {
        packet = JSON.parse(String(data))
      } catch {
        ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.')
        return
      }
      switch (packet.op) {
        case GatewayOpcodes.Heartbeat:
          ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }))
          break
        case GatewayOpcodes.Identify:
          this.#identify(ws, (packet.d ?? {}) as Record<string, unknown>)
          break
        case GatewayOpcodes.Resume:
          this.#resume(ws, (packet.d ?? {}) as Record<string, unknown>)
          break
        default:
          break
      }
    })
    ws.on('close', () => {
      for (const session of this.sessions.values()) if (session.socket === ws) session.socket = undefined
    })
  }

  #identify(ws: WebSocket, d: Record<string, unknown>): void {
    this.identifies += 1
    if (this.#options.token !== undefined && d.token !== this.#options.token) {
      ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.')
      return
    }
    const asked = Number(d.intents ?? 0)
    if (asked & PRIVILEGED & ~this.#options.privileged) {
      ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).')
      return
    }
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number]
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      intents: asked,
      shard,
      socket: ws,
      seq: 0,
      log: [],
    }
    this.sessions.set(session.id, session)
    const world = this.#world
    const ownsGuild = shardOf(world.guildId, shard[1]) === shard[0]
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: world.bot,
      guilds: ownsGuild ? [{ id: world.guildId, unavailable: true }] : [],
      session_id: session.id,
      resume_gateway_url: this.#options.url(),
      shard,
      application: { id: world.bot.id, flags: 0 as ApplicationFlags, flags_new: '0' },
    }
    this.#send(session, GatewayDispatchEvents.Ready, ready)
    if (ownsGuild) this.#send(session, GatewayDispatchEvents.GuildCreate, world.guildCreate())
  }

  #resume(ws: WebSocket, d: Record<string, unknown>): void {
    this.resumes += 1
    const session = this.sessions.get(String(d.session_id))
    if (!session || (this.#options.token !== undefined && d.token !== this.#options.token)) {
      ws.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }))
      return
    }
    session.socket = ws
    const from = Number(d.seq ?? 0)
    for (const entry of session.log) if (entry.s > from) ws.send(entry.frame)
    this.#send(session, GatewayDispatchEvents.Resumed, {})
  }
}
