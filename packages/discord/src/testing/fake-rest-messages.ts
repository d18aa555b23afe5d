import type { APIAttachment } from 'discord-api-types/v10'
import { MessageFlags } from 'discord-api-types/v10'
import type { FakeFile, FakeReply, FakeRequest } from './fake-call.js'
import {
  error,
  json,
  type RestContext,
  type RouteSpec,
  unknownChannel,
  unknownMessage,
} from './fake-router.js'

const MAX_CONTENT = 2000

/** The "loading" flag of a deferred interaction response. */
export const LOADING = 1 << 7

/** The fields of a message body the fake reads. */
export interface MessageBody {
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
export function createBotMessage(
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

/** Edits a message the bot authored (channel or webhook route). */
export function editBotMessage(ctx: RestContext, id: string, req: FakeRequest): FakeReply {
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

/** Gateway discovery, channels, messages and reactions. */
export const MESSAGE_ROUTES: RouteSpec[] = [
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
]
