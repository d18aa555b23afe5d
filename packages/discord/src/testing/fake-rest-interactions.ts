import type {
  APIApplicationCommand,
  APIMessage,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10'
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10'
import type { FakeReply, FakeRequest } from './fake-call.js'
import type { FakeInteraction } from './fake-interactions.js'
import { createBotMessage, editBotMessage, LOADING, type MessageBody } from './fake-rest-messages.js'
import {
  error,
  json,
  type RestContext,
  type RouteSpec,
  unknownMessage,
  unknownWebhook,
} from './fake-router.js'
import { snowflake } from './snowflake.js'

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

/** Application commands, interaction callbacks and interaction webhooks. */
export const APPLICATION_ROUTES: RouteSpec[] = [
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
