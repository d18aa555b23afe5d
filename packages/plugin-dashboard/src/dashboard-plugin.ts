import type { IncomingMessage, ServerResponse } from 'node:http'
import { BasePlugin, type BotEventName, type PluginContext, type PluginManifest } from '@banter/core'
import { type ApiDeps, handleApi, sessionCookie } from './dashboard-api.js'
import { dashboardError } from './errors.js'
import { securityHeaders, sendJson } from './http-kit.js'
import { LiveEvents } from './live-events.js'
import { LoginLimiter } from './login-limiter.js'
import { dashboardOptionsSchema, type ResolvedDashboardOptions } from './options.js'
import { Sessions } from './sessions.js'
import { StaticFiles, webRoot } from './static-files.js'

/** Plugin events forwarded to open dashboards, so no page needs a reload to see a change. */
const LIVE: readonly BotEventName[] = [
  'plugin.loaded',
  'plugin.enabled',
  'plugin.disabled',
  'plugin.unloaded',
  'plugin.configured',
  'plugin.error',
]

/**
 * Serves a web dashboard under `/dashboard/` of the bot's HTTP server: overview, plugins (enable,
 * disable, reload, settings forms from their JSON Schema), the audit log, and the pages and widgets
 * plugins contribute through `ctx.ui`. Login with the admin token, or with a one-time link it logs
 * at start when no token is set. Every change goes through `ctx.admin` (audited).
 */
export class DashboardPlugin extends BasePlugin<ResolvedDashboardOptions> {
  static manifest = {
    name: 'dashboard',
    version: '0.1.0',
    description: 'A web dashboard to operate the bot, with pages other plugins contribute',
    permissions: ['http', 'manage'],
  } satisfies PluginManifest

  static configSchema = dashboardOptionsSchema

  override initialize(ctx: PluginContext<ResolvedDashboardOptions>): void {
    const root = webRoot()
    if (!root) throw dashboardError('DASHBOARD_NOT_BUILT', 'the dashboard has no built web assets (dist/web)')
    const { path, sessionHours, loginLinkMinutes } = ctx.config
    const files = new StaticFiles(root, path)
    const sessions = new Sessions(sessionHours * 3_600_000)
    const live = new LiveEvents()
    const deps: ApiDeps = { ctx, sessions, live, limiter: new LoginLimiter(), startedAt: ctx.timers.now() }

    ctx.http.mount(path, (request, response) => this.#answer(deps, files, request, response), { root: true })
    for (const name of LIVE)
      ctx.events.on(name, (payload) => live.send('plugin', { event: name, ...payload }))
    let last = ctx.admin.bot().counters
    ctx.timers.setInterval(
      () => {
        const { counters, status } = ctx.admin.bot()
        live.send('stats', {
          status,
          counters,
          perSecond: { received: counters.received - last.received, sent: counters.sent - last.sent },
        })
        last = counters
      },
      1000,
      { unref: true },
    )
    ctx.onDispose(() => {
      live.close()
      sessions.clear()
    })

    const server = ctx.admin.server()
    if (!server) {
      ctx.logger.warn(
        dashboardError('DASHBOARD_NO_SERVER', 'the bot serves no HTTP: the dashboard is off').message,
      )
    } else if (server.adminToken) {
      ctx.logger.info(`dashboard on ${server.url}${path}/ (log in with the admin token)`)
    } else {
      const token = sessions.link(loginLinkMinutes * 60_000)
      ctx.logger.info(
        `dashboard: open ${server.url}${path}/login/${token} to log in (works once, for ${loginLinkMinutes} minutes)`,
      )
    }
  }

  #answer(deps: ApiDeps, files: StaticFiles, request: IncomingMessage, response: ServerResponse): void {
    securityHeaders(response)
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid')
    if (url.pathname.startsWith('/api/')) {
      handleApi(deps, request, response, url).catch((error: unknown) => {
        deps.ctx.logger.error({ err: error }, 'the dashboard API failed')
        if (!response.headersSent)
          sendJson(response, 500, { error: 'the dashboard failed; the bot log says why' })
      })
      return
    }
    const link = /^\/login\/([A-Za-z0-9_-]{20,100})$/.exec(url.pathname)
    if (request.method === 'GET' && link) {
      if (!deps.sessions.redeem(link[1] as string)) {
        response.statusCode = 403
        response.setHeader('content-type', 'text/plain; charset=utf-8')
        response.end('This login link was used already or has expired. Restart the bot for a new one.\n')
        return
      }
      const { id } = deps.sessions.open('link')
      response.statusCode = 303
      response.setHeader('set-cookie', sessionCookie(deps, request, id))
      response.setHeader('location', `${deps.ctx.config.path}/`)
      response.end()
      return
    }
    if ((request.method === 'GET' || request.method === 'HEAD') && files.serve(url.pathname, response)) return
    response.statusCode = 404
    response.setHeader('content-type', 'text/plain; charset=utf-8')
    response.end('Not found\n')
  }
}
