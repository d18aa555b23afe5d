import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpMethod, ManageActor, PluginContext } from '@banter/core'
import { sendError } from './api-errors.js'
import { callPluginRoute } from './contributed.js'
import { cookies, readJson, sendJson } from './http-kit.js'
import type { LiveEvents } from './live-events.js'
import type { LoginLimiter } from './login-limiter.js'
import type { ResolvedDashboardOptions } from './options.js'
import { dependentsOf, overview, pluginRows } from './read-models.js'
import { readmeSummary } from './readme-summary.js'
import type { Session, Sessions } from './sessions.js'

/** The name of the session cookie. */
export const COOKIE = 'banter_dashboard'

/** What the API works with. */
export interface ApiDeps {
  readonly ctx: PluginContext<ResolvedDashboardOptions>
  readonly sessions: Sessions
  readonly live: LiveEvents
  readonly limiter: LoginLimiter
  readonly startedAt: number
}

type Call = {
  readonly request: IncomingMessage
  readonly response: ServerResponse
  readonly method: string
  readonly parts: readonly string[]
  readonly query: URLSearchParams
  readonly session: Session
  readonly actor: ManageActor
}

/** The `Set-Cookie` value of a session (or of its removal). */
export function sessionCookie(deps: ApiDeps, request: IncomingMessage, id: string | undefined): string {
  const secure = request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : ''
  const age = id ? Math.round(deps.ctx.config.sessionHours * 3600) : 0
  return `${COOKIE}=${id ?? ''}; Path=${deps.ctx.config.path}; HttpOnly; SameSite=Strict; Max-Age=${age}${secure}`
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host === request.headers.host
  } catch {
    return false
  }
}

async function login(deps: ApiDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const server = deps.ctx.admin.server()
  if (!server?.adminToken)
    return sendJson(response, 403, {
      error: 'no admin token is set, so the dashboard takes no token',
      hint: 'Open the one-time login link `banter start` printed, or set http.adminToken.',
    })
  const from = request.socket.remoteAddress
  const wait = deps.limiter.blockedFor(from ?? '')
  if (wait > 0) {
    response.setHeader('retry-after', String(Math.ceil(wait / 1000)))
    return sendJson(response, 429, {
      error: 'too many failed logins from this address',
      hint: `Try again in ${Math.ceil(wait / 1000)} s.`,
    })
  }
  const { token } = (await readJson(request)) as { token?: unknown }
  if (typeof token !== 'string' || !server.verifyAdminToken(token)) {
    deps.limiter.failed(from ?? '')
    deps.ctx.logger.warn({ from }, 'dashboard login refused: wrong admin token')
    await deps.ctx.admin
      .refused({ id: 'anonymous', ...(from ? { from } : {}) }, 'login', deps.ctx.name, 'wrong admin token')
      .catch(() => undefined)
    return sendJson(response, 401, { error: 'wrong admin token', hint: 'Use the value of http.adminToken.' })
  }
  deps.limiter.succeeded(from ?? '')
  const { id, session } = deps.sessions.open('admin')
  response.setHeader('set-cookie', sessionCookie(deps, request, id))
  sendJson(response, 200, { user: session.user, csrf: session.csrf })
}

/**
 * Answers `/api/*` below the dashboard's path. `POST /api/login` takes the admin token; every other
 * route needs the session cookie, and every change also the session's `X-CSRF-Token` (and no foreign
 * `Origin`). Changes go through `ctx.admin`, audited as `<user> via dashboard`.
 */
export async function handleApi(
  deps: ApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const method = request.method ?? 'GET'
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent)
  try {
    if (method !== 'GET' && !sameOrigin(request))
      return sendJson(response, 403, { error: 'a change from another origin is refused' })
    if (method === 'POST' && parts[0] === 'login' && parts.length === 1)
      return await login(deps, request, response)
    const id = cookies(request)[COOKIE]
    const session = deps.sessions.get(id)
    if (!session)
      return sendJson(response, 401, { error: 'log in first', hint: 'Open the dashboard and log in.' })
    if (method !== 'GET' && request.headers['x-csrf-token'] !== session.csrf)
      return sendJson(response, 403, {
        error: 'missing or wrong CSRF token',
        hint: 'Send the X-CSRF-Token that GET /api/session gives.',
      })
    if (method === 'POST' && parts[0] === 'logout') {
      deps.sessions.close(id)
      response.setHeader('set-cookie', sessionCookie(deps, request, undefined))
      return sendJson(response, 200, { loggedOut: true })
    }
    const actor: ManageActor = {
      id: session.user,
      name: session.user === 'admin' ? 'admin (token)' : 'admin (login link)',
      ...(request.socket.remoteAddress ? { from: request.socket.remoteAddress } : {}),
    }
    await route(deps, { request, response, method, parts, query: url.searchParams, session, actor })
  } catch (error) {
    sendError(response, error)
  }
}

async function route(deps: ApiDeps, call: Call): Promise<void> {
  const { ctx } = deps
  const admin = ctx.admin
  const { request, response, method, parts, actor } = call
  const [first, name, action] = parts
  const send = (body: unknown, status = 200) => sendJson(response, status, body)
  if (first === 'plugins' && action === 'scopes' && parts.length === 5) return scopes(deps, call)
  const key = `${method} ${first}${name === undefined ? '' : '/:'}${action === undefined ? '' : '/:'}`
  switch (key) {
    case 'GET session':
      return send({ user: call.session.user, csrf: call.session.csrf, path: ctx.config.path })
    case 'GET events':
      return deps.live.open(response)
    case 'GET overview':
      return send(overview(admin, deps.startedAt, Date.now()))
    case 'GET plugins':
      return send({ plugins: pluginRows(admin) })
    case 'POST plugins': {
      const { specifier, options } = (await readJson(request)) as { specifier?: unknown; options?: unknown }
      if (typeof specifier !== 'string' || specifier === '')
        return send({ error: 'give { "specifier": "<package name or path>" }' }, 400)
      return send({ plugins: await admin.load(specifier, options, actor) }, 201)
    }
    case 'GET plugins/:': {
      const plugin = admin.get(name as string)
      if (!plugin) return send({ error: `no plugin named "${name}"` }, 404)
      const audit = (await admin.auditLog(200)).filter((e) => e.target === name).slice(0, 50)
      const report = await admin.analytics(168)
      return send({
        plugin,
        options: admin.options(plugin.name),
        schema: admin.schema(plugin.name),
        dependents: dependentsOf(admin.list(), plugin.name),
        pages: admin.ui.pages(plugin.name),
        scopes: admin.scopes(plugin.name),
        readme: readmeSummary(plugin.source, ctx.bot.baseDir),
        usage: {
          plugin: report.plugins.find((line) => line.name === plugin.name),
          commands: report.commands.filter((line) => line.plugin === plugin.name),
        },
        audit,
      })
    }
    case 'DELETE plugins/:':
      if (name === ctx.name)
        return send(
          { error: 'the dashboard cannot unload itself', hint: 'Use the CLI or the admin API.' },
          409,
        )
      await admin.unload(name as string, actor)
      return send({ unloaded: name })
    case 'PATCH plugins/:/:':
      if (action !== 'config') break
      return send(await admin.configure(name as string, await readJson(request), actor))
    case 'POST plugins/:/:': {
      if (action !== 'enable' && action !== 'disable' && action !== 'reload') break
      if (name === ctx.name)
        return send(
          { error: `the dashboard cannot ${action} itself`, hint: 'Use the CLI or the admin API.' },
          409,
        )
      return send({ plugin: await admin[action](name as string, actor) })
    }
    case 'GET audit':
      return send({ entries: await admin.auditLog(Number(call.query.get('limit') ?? 100) || 100) })
    case 'GET analytics':
      return send(await admin.analytics(Number(call.query.get('hours') ?? 168) || 168))
    case 'GET ui':
      return send({ pages: admin.ui.pages(), widgets: admin.ui.widgets(), menu: admin.ui.menu() })
    case 'GET ui/:/:':
    case 'POST ui/:/:':
      return contributed(deps, call, name as string, action as string)
  }
  send({ error: `no dashboard API ${method} /api/${parts.join('/')}` }, 404)
}

/** `GET ui/<plugin>/data?route=/rows` and `POST ui/<plugin>/call` `{ route, method, body }`. */
async function contributed(deps: ApiDeps, call: Call, plugin: string, action: string): Promise<void> {
  const { request, response, method } = call
  let target: { route: string; method: HttpMethod; body: unknown }
  if (method === 'GET' && action === 'data') {
    target = { route: call.query.get('route') ?? '', method: 'GET', body: undefined }
  } else if (method === 'POST' && action === 'call') {
    const given = (await readJson(request)) as { route?: unknown; method?: unknown; body?: unknown }
    target = {
      route: String(given.route ?? ''),
      method: (typeof given.method === 'string' ? given.method : 'POST') as HttpMethod,
      body: given.body,
    }
  } else return sendJson(response, 404, { error: `no dashboard API ${method} /api/ui/${plugin}/${action}` })
  const answer = await callPluginRoute(deps.ctx.admin, plugin, target.method, target.route, target.body)
  if (!answer)
    return sendJson(response, 404, {
      error: `plugin "${plugin}" declares no ${target.method} ${target.route} on its pages or widgets`,
    })
  const body = answer.body
  sendJson(response, answer.status ?? 200, typeof body === 'string' ? { text: body } : (body ?? {}))
}

/** `PUT` (set) or `DELETE` (remove) `plugins/<name>/scopes/<guild|channel>/<id>`: `{ enabled?, options? }`. */
async function scopes(deps: ApiDeps, call: Call): Promise<void> {
  const [, name, , kind, id] = call.parts as [string, string, string, string, string]
  if (kind !== 'guild' && kind !== 'channel')
    return sendJson(call.response, 404, { error: `scopes are by guild or channel, not "${kind}"` })
  if (call.method !== 'PUT' && call.method !== 'DELETE')
    return sendJson(call.response, 405, { error: 'set a scope with PUT, remove it with DELETE' })
  let rule: { enabled?: boolean; options?: Record<string, unknown> } | undefined
  if (call.method === 'PUT') {
    const given = (await readJson(call.request)) as { enabled?: unknown; options?: unknown }
    if (given.enabled !== undefined && typeof given.enabled !== 'boolean')
      return sendJson(call.response, 400, { error: '"enabled" is true, false or absent' })
    if (given.options !== undefined && (typeof given.options !== 'object' || given.options === null))
      return sendJson(call.response, 400, { error: '"options" is an object of options' })
    rule = {
      ...(given.enabled === undefined ? {} : { enabled: given.enabled }),
      ...(given.options === undefined ? {} : { options: given.options as Record<string, unknown> }),
    }
  }
  sendJson(call.response, 200, { scopes: await deps.ctx.admin.scope(name, kind, id, rule, call.actor) })
}
