import { type Bot, isBanterError } from '@banter/core'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type AdminGuard, tokenActor } from './admin-guard.js'
import { openApiDocument } from './openapi.js'

const STATUS: Record<string, number> = {
  CONFIG_INVALID: 400,
  PLUGIN_NOT_LOADED: 404,
  PLUGIN_NOT_FOUND: 404,
  PLUGIN_ALREADY_LOADED: 409,
  BOT_CONFIG_CONFLICT: 409,
  CONFIG_APPLY_FAILED: 422,
  MANIFEST_INVALID: 422,
  PLUGIN_EXPORTS_INVALID: 422,
}

/** Answers an error as `{ error, code, hint, issues? }` with the status its code calls for. */
function fail(reply: FastifyReply, error: unknown): FastifyReply {
  if (!isBanterError(error)) return reply.code(500).send({ error: (error as Error).message })
  const issues = error.details.issues as { path: PropertyKey[]; message: string }[] | undefined
  return reply.code(STATUS[error.code] ?? 500).send({
    error: error.summary,
    code: error.code,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(issues
      ? { issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) }
      : {}),
  })
}

function body(request: FastifyRequest): unknown {
  const raw = request.body
  if (typeof raw !== 'string') return raw ?? {}
  return raw.trim() === '' ? {} : JSON.parse(raw)
}

type Named = { Params: { name: string } }

/**
 * The admin API under `/api` (every route needs the admin token): plugins (list, get, schema,
 * config read and JSON-merge-patch, enable, disable, reload, load, unload, scopes), the audit log, and the
 * OpenAPI document at `/api/openapi.json` (public: it holds no data). Every change goes through
 * `bot.admin`, so it is audited with the token's fingerprint.
 */
export function registerAdminApi(app: FastifyInstance, bot: Bot, guard: AdminGuard, token?: string): void {
  const handle =
    <Request extends FastifyRequest>(run: (request: Request, reply: FastifyReply) => Promise<unknown>) =>
    async (request: Request, reply: FastifyReply) => {
      if (!guard(request, reply)) return reply
      try {
        return await run(request, reply)
      } catch (error) {
        if (error instanceof SyntaxError) return reply.code(400).send({ error: `not JSON: ${error.message}` })
        return fail(reply, error)
      }
    }
  const actor = (request: FastifyRequest) => tokenActor(token ?? '', request)
  const plugin = (name: string) => {
    const info = bot.plugins.get(name)
    return info ? { ...info, options: bot.plugins.options(name) } : undefined
  }

  app.get('/api/openapi.json', async () => openApiDocument())
  app.get(
    '/api/plugins',
    handle(async () => ({ plugins: bot.plugins.list() })),
  )
  app.post(
    '/api/plugins',
    handle(async (request, reply) => {
      const { specifier, options } = (body(request) ?? {}) as { specifier?: unknown; options?: unknown }
      if (typeof specifier !== 'string' || specifier === '')
        return reply.code(400).send({ error: 'give { "specifier": "<package name or path>" }' })
      return reply.code(201).send({ plugins: await bot.admin.load(specifier, options, actor(request)) })
    }),
  )
  app.get<Named>(
    '/api/plugins/:name',
    handle<FastifyRequest<Named>>(async (request, reply) => {
      const found = plugin(request.params.name)
      return found
        ? { plugin: found }
        : reply.code(404).send({ error: `no plugin named "${request.params.name}"` })
    }),
  )
  app.delete<Named>(
    '/api/plugins/:name',
    handle<FastifyRequest<Named>>(async (request) => {
      await bot.admin.unload(request.params.name, actor(request))
      return { unloaded: request.params.name }
    }),
  )
  app.get<Named>(
    '/api/plugins/:name/schema',
    handle<FastifyRequest<Named>>(async (request) => ({ schema: bot.plugins.schema(request.params.name) })),
  )
  app.get<Named>(
    '/api/plugins/:name/config',
    handle<FastifyRequest<Named>>(async (request) => ({ options: bot.plugins.options(request.params.name) })),
  )
  app.patch<Named>(
    '/api/plugins/:name/config',
    handle<FastifyRequest<Named>>(async (request) => {
      const result = await bot.admin.configure(request.params.name, body(request), actor(request))
      return { ...result, plugin: plugin(request.params.name) }
    }),
  )
  app.post<{ Params: { name: string; action: string } }>(
    '/api/plugins/:name/:action',
    handle<FastifyRequest<{ Params: { name: string; action: string } }>>(async (request, reply) => {
      const { name, action } = request.params
      if (action !== 'enable' && action !== 'disable' && action !== 'reload')
        return reply
          .code(404)
          .send({ error: `unknown action "${action}"`, hint: 'Use enable, disable or reload.' })
      return { plugin: await bot.admin[action](name, actor(request)) }
    }),
  )
  type Scoped = { Params: { name: string; kind: string; id: string } }
  const kindOf = (kind: string) =>
    kind === 'guilds' || kind === 'guild'
      ? 'guild'
      : kind === 'channels' || kind === 'channel'
        ? 'channel'
        : undefined
  app.get<Named>(
    '/api/plugins/:name/scopes',
    handle<FastifyRequest<Named>>(async (request) => ({ scopes: bot.admin.scopes(request.params.name) })),
  )
  app.put<Scoped>(
    '/api/plugins/:name/scopes/:kind/:id',
    handle<FastifyRequest<Scoped>>(async (request, reply) => {
      const { name, kind, id } = request.params
      const which = kindOf(kind)
      if (!which)
        return reply.code(404).send({ error: `no scope kind "${kind}"`, hint: 'Use guilds or channels.' })
      const rule = body(request) as { enabled?: unknown; options?: unknown }
      if (
        (rule.enabled !== undefined && typeof rule.enabled !== 'boolean') ||
        (rule.options !== undefined && (typeof rule.options !== 'object' || rule.options === null))
      )
        return reply.code(400).send({
          error: 'a scope rule is { "enabled"?: boolean, "options"?: object }',
          issues: [
            {
              path: rule.enabled !== undefined && typeof rule.enabled !== 'boolean' ? 'enabled' : 'options',
              message: 'wrong type',
            },
          ],
        })
      const clean = {
        ...(rule.enabled === undefined ? {} : { enabled: rule.enabled as boolean }),
        ...(rule.options === undefined ? {} : { options: rule.options as Record<string, unknown> }),
      }
      return { scopes: await bot.admin.scope(name, which, id, clean, actor(request)) }
    }),
  )
  app.delete<Scoped>(
    '/api/plugins/:name/scopes/:kind/:id',
    handle<FastifyRequest<Scoped>>(async (request, reply) => {
      const { name, kind, id } = request.params
      const which = kindOf(kind)
      if (!which)
        return reply.code(404).send({ error: `no scope kind "${kind}"`, hint: 'Use guilds or channels.' })
      return { scopes: await bot.admin.scope(name, which, id, undefined, actor(request)) }
    }),
  )
  app.get<{ Querystring: { hours?: string } }>(
    '/api/analytics',
    handle<FastifyRequest<{ Querystring: { hours?: string } }>>(async (request) =>
      bot.analytics.report(Number(request.query.hours ?? 168) || 168),
    ),
  )
  app.get<{ Querystring: { limit?: string } }>(
    '/api/audit',
    handle<FastifyRequest<{ Querystring: { limit?: string } }>>(async (request) => ({
      entries: await bot.admin.auditLog(Number(request.query.limit ?? 50) || 50),
    })),
  )
}
