import { type Bot, checkReadiness, type HttpMethod, type HttpRequest, type Logger } from '@banter/core'
import Fastify from 'fastify'
import { registerAdminApi } from './admin-api.js'
import { adminGuard } from './admin-guard.js'
import { announceServer } from './announce-server.js'
import type { BoundPort, RequestHandler } from './bound-port.js'
import { hostPort, listenError } from './listen-error.js'
import { matchRoute } from './match-route.js'
import { createMetrics } from './metrics.js'
import type { PastEvent } from './past-events.js'

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /** Interface to bind (default 127.0.0.1: not reachable from other machines). */
  readonly host: string
  /** Port; 0 picks a free one. */
  readonly port: number
  /** Bearer token for `/api/*` and admin plugin routes; without it they answer 403. */
  readonly adminToken?: string | undefined
  /** Logger for the server's own lines. */
  readonly logger: Logger
  /** Where host and port are configured, for errors (`http.port in banter.config.yaml:14:3`). */
  readonly configured?: string | undefined
  /**
   * A port bound before the bot started ({@link bindHttpPort}): served from now on instead of
   * listening again (`host` and `port` are then the ones it was bound with).
   */
  readonly bound?: BoundPort | undefined
  /** Events the metrics count that happened before the server started (replayed into them). */
  readonly pastEvents?: readonly PastEvent[] | undefined
}

/** A running HTTP server. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  /** The port it listens on. */
  readonly port: number
  /** Stops it. */
  close(): Promise<void>
}

/**
 * Serves `/healthz`, `/readyz`, `/metrics`, the admin API under `/api` (see admin-api.ts) and every plugin route
 * under `/plugins/<name>/`.
 */
export async function startHttpServer(bot: Bot, options: HttpServerOptions): Promise<HttpServer> {
  const bound = options.bound
  let serve: RequestHandler | undefined
  const app = Fastify({
    logger: false,
    ...(bound
      ? {
          serverFactory: (handler: RequestHandler) => {
            serve = handler
            return bound.server
          },
        }
      : {}),
  })
  const metrics = createMetrics(bot, options.pastEvents)
  const admin = adminGuard(bot, options.adminToken)

  app.get('/healthz', async () => ({ status: 'ok', bot: bot.status }))
  // Ready: the adapter is connected, required plugins are active, storage answers, and every plugin
  // that reports on its own services (`health()`) says they answer. `checks` says which does not.
  app.get('/readyz', async (_request, reply) => {
    const { ready: servicesReady, checks } = await checkReadiness(bot)
    const ready = bot.isReady() && servicesReady
    const plugins = Object.fromEntries(bot.plugins.list().map((p) => [p.name, p.status]))
    return reply.code(ready ? 200 : 503).send({ ready, bot: bot.status, plugins, checks })
  })
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  )
  registerAdminApi(app, bot, admin, options.adminToken)

  // Raw mounts (dashboards) take the request before fastify reads its body.
  app.addHook('onRequest', async (request, reply) => {
    const url = request.raw.url ?? ''
    for (const entry of bot.http.list()) {
      if (entry.kind !== 'mount') continue
      const prefix = entry.root
        ? entry.path.replace(/\/$/, '')
        : `/plugins/${entry.plugin}${entry.path === '/' ? '' : entry.path}`
      if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) continue
      if (entry.auth === 'admin' && !admin(request, reply)) return reply
      reply.hijack()
      request.raw.url = url.slice(prefix.length) || '/'
      entry.handler(request.raw, reply.raw)
      return reply
    }
    return undefined
  })

  app.all('/plugins/:plugin/*', async (request, reply) => {
    const { plugin } = request.params as { plugin: string }
    const path = `/${(request.params as { '*': string })['*']}`
    for (const entry of bot.http.list()) {
      if (entry.kind !== 'route' || entry.plugin !== plugin || entry.route.method !== request.method) continue
      const params = matchRoute(entry.route.path, path)
      if (!params) continue
      if (entry.route.auth === 'admin' && !admin(request, reply)) return reply
      const input: HttpRequest = {
        method: request.method as HttpMethod,
        path,
        params,
        query: request.query as Record<string, string>,
        headers: request.headers,
        body: request.body,
      }
      try {
        const result = await entry.route.handler(input)
        reply.code(result.status ?? 200)
        for (const [key, value] of Object.entries(result.headers ?? {})) reply.header(key, value)
        return reply.send(result.body ?? '')
      } catch (error) {
        options.logger.error({ plugin, err: error }, `route ${request.method} ${path} failed`)
        return reply
          .code(500)
          .send({ error: `plugin "${plugin}" failed to answer`, hint: 'The bot log says why.' })
      }
    }
    return reply.code(404).send({ error: `no route ${request.method} ${path} in plugin "${plugin}"` })
  })

  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
  try {
    if (bound && serve) {
      await app.ready()
      bound.serve(serve)
    } else await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    await app.close().catch(() => undefined)
    throw listenError(error, options.host, options.port, options.configured)
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const url = `http://${hostPort(options.host, port)}`
  // Plugins that manage the bot (a dashboard) learn where it is served and check the admin token.
  const detach = announceServer(bot, url, options.adminToken)
  options.logger.info({ url }, `HTTP on ${url} (/healthz, /readyz, /metrics)`)
  return {
    url,
    port,
    close: async () => {
      detach()
      await app.close()
      // fastify leaves a server it did not listen on open.
      await bound?.close()
    },
  }
}
