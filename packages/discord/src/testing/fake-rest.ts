import type {
  APIApplicationCommand,
  APIAttachment,
  APIMessage,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10'
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10'
import type { FakeFile, FakeReply, FakeRequest } from './fake-call.js'
import type { FakeInteraction } from './fake-interactions.js'
import type { FakeWorld } from './fake-world.js'
import { snowflake } from './snowflake.js'

/** What the REST routes need from the fake. */
export interface RestContext {
  readonly world: FakeWorld
  /** Interactions by token. */
  readonly interactions: Map<string, FakeInteraction>
  readonly gatewayUrl: string
  readonly recommendedShards: number
  /** Dispatches MESSAGE_CREATE for a message the bot created (Discord echoes the bot's own messages). */
  echo(message: APIMessage): void
}

type Params = Record<string, string>
type Handler = (ctx: RestContext, params: Params, req: FakeRequest) => FakeReply

interface Route {
  readonly method: string
  readonly pattern: RegExp
  readonly keys: readonly string[]
  /** Whether the route needs `Authorization: Bot <token>` (interaction and webhook routes do not). */
  readonly auth: boolean
  readonly handler: Handler
}

const MAX_CONTENT = 2000
const LOADING = 1 << 7

const json = (status: number, body?: unknown): FakeReply =>
  body === undefined ? { status } : { status, json: body }
const error = (status: number, code: number, message: string, errors?: unknown): FakeReply =>
  json(status, { code, message, ...(errors ? { errors } : {}) })
const unknownChannel = () => error(404, 10003, 'Unknown Channel')
const unknownMessage = () => error(404, 10008, 'Unknown Message')
const unknownWebhook = () => error(404, 10015, 'Unknown Webhook')

interface MessageBody {
  content?: string
  nonce?: string | number
  enforce_nonce?: boolean
  flags?: number
  message_reference?: { message_id?: string }
  attachments?: { id: string | number; filename?: string }[]
}

/** Checks a message body as Discord does: not empty, content at most 2000 characters. */
function checkMessage(
  body: MessageBody,
  files: readonly FakeFile[],
  creating: boolean,
): FakeReply | undefined {
  if (typeof body.content === 'string' && body.content.length > MAX_CONTENT) {
    return error(400, 50035, 'Invalid Form Body', {
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
    })
  }
  if (creating && !body.content && files.length === 0)
    return error(400, 50006, 'Cannot send an empty message')
  return undefined
}

function uploads(ctx: RestContext, channelId: string, files: readonly FakeFile[], body: MessageBody) {
  return files.map((file, index): APIAttachment => {
    const meta = body.attachments?.find((a) => String(a.id) === String(index))
    return ctx.world.addFile(channelId, meta?.filename ?? file.name, file.data, file.contentType)
  })
}

/** Creates a message authored by the bot (channel route, interaction response or follow-up). */
function createBotMessage(
  ctx: RestContext,
  channelId: string,
  req: FakeRequest,
  extra: { webhookId?: string; echo: boolean },
): FakeReply {
  const body = (req.body ?? {}) as MessageBody
  const refused = checkMessage(body, req.files, true)
  if (refused) return refused
  const { message, duplicate } = ctx.world.createMessage({
    channelId,
    author: ctx.world.bot,
    content: body.content ?? '',
    attachments: uploads(ctx, channelId, req.files, body),
    ...(body.message_reference?.message_id ? { replyTo: body.message_reference.message_id } : {}),
    ...(body.nonce !== undefined && body.enforce_nonce ? { nonce: body.nonce } : {}),
    ...(extra.webhookId ? { webhookId: extra.webhookId } : {}),
  })
  if (!duplicate && extra.echo && !((body.flags ?? 0) & MessageFlags.Ephemeral)) ctx.echo(message)
  return json(200, message)
}

function editBotMessage(ctx: RestContext, id: string, req: FakeRequest): FakeReply {
  const entry = ctx.world.message(id)
  if (!entry || entry.deleted) return unknownMessage()
  if (entry.message.author.id !== ctx.world.bot.id) {
    return error(403, 50005, 'Cannot edit a message authored by another user')
  }
  const body = (req.body ?? {}) as MessageBody
  const refused = checkMessage(body, req.files, false)
  if (refused) return refused
  const added = uploads(ctx, entry.message.channel_id, req.files, body)
  const message = ctx.world.editMessage(id, body.content, added.length ? added : undefined)
  if (message.flags && message.flags & LOADING)
    entry.message = { ...message, flags: message.flags & ~LOADING }
  return json(200, entry.message)
}

function registerCommands(
  ctx: RestContext,
  req: FakeRequest,
  into: APIApplicationCommand[],
  guildId?: string,
) {
  if (!Array.isArray(req.body)) return error(400, 50035, 'Invalid Form Body')
  const created = (req.body as RESTPostAPIApplicationCommandsJSONBody[]).map(
    (c) =>
      ({
        ...c,
        id: snowflake(),
        application_id: ctx.world.bot.id,
        version: snowflake(),
        default_member_permissions: null,
        type: c.type ?? 1,
        description: 'description' in c ? c.description : '',
        ...(guildId ? { guild_id: guildId } : {}),
      }) as APIApplicationCommand,
  )
  into.splice(0, into.length, ...created)
  return json(200, created)
}

function interactionOf(ctx: RestContext, token: string | undefined): FakeInteraction | undefined {
  return token === undefined ? undefined : ctx.interactions.get(token)
}

const ROUTES: Array<[string, string, boolean, Handler]> = [
  [
    'GET',
    '/gateway/bot',
    true,
    (ctx) =>
      json(200, {
        url: ctx.gatewayUrl,
        shards: ctx.recommendedShards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      }),
  ],
  ['GET', '/gateway', false, (ctx) => json(200, { url: ctx.gatewayUrl })],
  ['GET', '/users/@me', true, (ctx) => json(200, ctx.world.bot)],
  [
    'GET',
    '/channels/:channel',
    true,
    (ctx, p) => {
      const channel = ctx.world.channels.get(p.channel as string)
      return channel ? json(200, channel) : unknownChannel()
    },
  ],
  [
    'POST',
    '/channels/:channel/messages',
    true,
    (ctx, p, req) =>
      ctx.world.channels.has(p.channel as string)
        ? createBotMessage(ctx, p.channel as string, req, { echo: true })
        : unknownChannel(),
  ],
  [
    'GET',
    '/channels/:channel/messages/:message',
    true,
    (ctx, p) => {
      const entry = ctx.world.message(p.message as string)
      return entry && !entry.deleted ? json(200, entry.message) : unknownMessage()
    },
  ],
  [
    'PATCH',
    '/channels/:channel/messages/:message',
    true,
    (ctx, p, req) => editBotMessage(ctx, p.message as string, req),
  ],
  [
    'DELETE',
    '/channels/:channel/messages/:message',
    true,
    (ctx, p) => {
      const entry = ctx.world.message(p.message as string)
      if (!entry || entry.deleted) return unknownMessage()
      entry.deleted = true
      return json(204)
    },
  ],
  [
    'PUT',
    '/channels/:channel/messages/:message/reactions/:emoji/@me',
    true,
    (ctx, p) => {
      const entry = ctx.world.message(p.message as string)
      if (!entry || entry.deleted) return unknownMessage()
      if (!entry.reactions.includes(p.emoji as string)) entry.reactions.push(p.emoji as string)
      return json(204)
    },
  ],
  [
    'DELETE',
    '/channels/:channel/messages/:message/reactions/:emoji/@me',
    true,
    (ctx, p) => {
      const entry = ctx.world.message(p.message as string)
      if (!entry) return unknownMessage()
      entry.reactions = entry.reactions.filter((r) => r !== p.emoji)
      return json(204)
    },
  ],
  ['POST', '/channels/:channel/typing', true, () => json(204)],
  ['GET', '/applications/:app/commands', true, (ctx) => json(200, ctx.world.globalCommands)],
  [
    'PUT',
    '/applications/:app/commands',
    true,
    (ctx, _p, req) => registerCommands(ctx, req, ctx.world.globalCommands),
  ],
  [
    'GET',
    '/applications/:app/guilds/:guild/commands',
    true,
    (ctx, p) => json(200, ctx.world.guildCommands.get(p.guild as string) ?? []),
  ],
  [
    'PUT',
    '/applications/:app/guilds/:guild/commands',
    true,
    (ctx, p, req) => {
      const list = ctx.world.guildCommands.get(p.guild as string) ?? []
      ctx.world.guildCommands.set(p.guild as string, list)
      return registerCommands(ctx, req, list, p.guild as string)
    },
  ],
  [
    'POST',
    '/interactions/:interaction/:token/callback',
    false,
    (ctx, p, req) => {
      const interaction = interactionOf(ctx, p.token)
      if (!interaction || interaction.id !== p.interaction) return error(404, 10062, 'Unknown interaction')
      if (interaction.state !== 'pending')
        return error(400, 40060, 'Interaction has already been acknowledged.')
      const { type, data } = (req.body ?? {}) as { type?: number; data?: MessageBody }
      let reply: FakeReply
      if (type === InteractionResponseType.ChannelMessageWithSource) {
        reply = createBotMessage(
          ctx,
          interaction.channelId,
          { ...req, body: data ?? {} },
          {
            webhookId: ctx.world.bot.id,
            echo: true,
          },
        )
        if (reply.status !== 200) return reply
        interaction.state = 'replied'
      } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
        const { message } = ctx.world.createMessage({
          channelId: interaction.channelId,
          author: ctx.world.bot,
          content: '',
          webhookId: ctx.world.bot.id,
        })
        const entry = ctx.world.message(message.id)
        if (entry) entry.message = { ...message, flags: LOADING | (data?.flags ?? 0) }
        reply = json(200, entry?.message)
        interaction.state = 'deferred'
      } else {
        return error(
          400,
          50035,
          `Invalid Form Body: the fake does not simulate callback type ${String(type)}`,
        )
      }
      const message = reply.json as APIMessage
      interaction.originalId = message.id
      if (req.query.get('with_response') !== 'true') return json(204)
      return json(200, {
        interaction: {
          id: interaction.id,
          type: 2,
          response_message_id: message.id,
          response_message_loading: interaction.state === 'deferred',
          response_message_ephemeral: Boolean((message.flags ?? 0) & MessageFlags.Ephemeral),
        },
        resource: { type, message },
      })
    },
  ],
  [
    'POST',
    '/webhooks/:app/:token',
    false,
    (ctx, p, req) => {
      const interaction = interactionOf(ctx, p.token)
      if (!interaction || interaction.state === 'pending') return unknownWebhook()
      const reply = createBotMessage(ctx, interaction.channelId, req, {
        webhookId: ctx.world.bot.id,
        echo: true,
      })
      return req.query.get('wait') === 'true' || reply.status !== 200 ? reply : json(204)
    },
  ],
  [
    'GET',
    '/webhooks/:app/:token/messages/:message',
    false,
    (ctx, p) => {
      const interaction = interactionOf(ctx, p.token)
      const id = p.message === '@original' ? interaction?.originalId : p.message
      const entry = id === undefined ? undefined : ctx.world.message(id)
      return interaction && entry && !entry.deleted ? json(200, entry.message) : unknownMessage()
    },
  ],
  [
    'PATCH',
    '/webhooks/:app/:token/messages/:message',
    false,
    (ctx, p, req) => {
      const interaction = interactionOf(ctx, p.token)
      if (!interaction) return unknownWebhook()
      const id = p.message === '@original' ? interaction.originalId : p.message
      return id === undefined ? unknownMessage() : editBotMessage(ctx, id, req)
    },
  ],
  [
    'DELETE',
    '/webhooks/:app/:token/messages/:message',
    false,
    (ctx, p) => {
      const interaction = interactionOf(ctx, p.token)
      const id = p.message === '@original' ? interaction?.originalId : p.message
      const entry = id === undefined ? undefined : ctx.world.message(id)
      if (!interaction || !entry || entry.deleted) return unknownMessage()
      entry.deleted = true
      return json(204)
    },
  ],
]

const COMPILED: Route[] = ROUTES.map(([method, template, auth, handler]) => {
  const keys: string[] = []
  const source = template.replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key)
    return '([^/]+)'
  })
  return { method, pattern: new RegExp(`^${source}$`), keys, auth, handler }
})

/** Finds the route of a request: the handler with its path parameters, or `undefined`. */
export function matchRoute(
  method: string,
  path: string,
): { handler: Handler; params: Params; auth: boolean } | undefined {
  for (const route of COMPILED) {
    if (route.method !== method) continue
    const m = route.pattern.exec(path)
    if (!m) continue
    const params: Params = {}
    route.keys.forEach((key, i) => {
      params[key] = decodeURIComponent(m[i + 1] as string)
    })
    return { handler: route.handler, params, auth: route.auth }
  }
  return undefined
}

/** The 404 Discord answers for a route it does not know. */
export const NOT_FOUND: FakeReply = error(404, 0, '404: Not Found')
