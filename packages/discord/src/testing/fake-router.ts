import type { APIMessage } from 'discord-api-types/v10'
import type { FakeReply, FakeRequest } from './fake-call.js'
import type { FakeInteraction } from './fake-interactions.js'
import type { FakeWorld } from './fake-world.js'

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

/** Path parameters by name. */
export type Params = Record<string, string>

/** A route handler. */
export type Handler = (ctx: RestContext, params: Params, req: FakeRequest) => FakeReply

/** A compiled route. */
export interface Route {
  readonly method: string
  readonly pattern: RegExp
  readonly keys: readonly string[]
  /** Whether the route needs `Authorization: Bot <token>` (interaction and webhook routes do not). */
  readonly auth: boolean
  readonly handler: Handler
}

/** A route as written: method, path template (`:name` parameters), whether it needs the bot token, handler. */
export type RouteSpec = readonly [method: string, template: string, auth: boolean, handler: Handler]

/** A JSON reply (no body when `body` is undefined). */
export const json = (status: number, body?: unknown): FakeReply =>
  body === undefined ? { status } : { status, json: body }
/** A Discord error reply `{ code, message, errors? }`. */
export const error = (status: number, code: number, message: string, errors?: unknown): FakeReply =>
  json(status, { code, message, ...(errors ? { errors } : {}) })
/** Discord's 404 for an unknown channel (code 10003). */
export const unknownChannel = () => error(404, 10003, 'Unknown Channel')
/** Discord's 404 for an unknown message (code 10008). */
export const unknownMessage = () => error(404, 10008, 'Unknown Message')
/** Discord's 404 for an unknown webhook or interaction token (code 10015). */
export const unknownWebhook = () => error(404, 10015, 'Unknown Webhook')

/** Compiles route templates into patterns. */
export function compileRoutes(specs: readonly RouteSpec[]): Route[] {
  return specs.map(([method, template, auth, handler]) => {
    const keys: string[] = []
    const source = template.replace(/:(\w+)/g, (_m, key: string) => {
      keys.push(key)
      return '([^/]+)'
    })
    return { method, pattern: new RegExp(`^${source}$`), keys, auth, handler }
  })
}

/** Finds the route of a request: the handler with its path parameters, or `undefined`. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { handler: Handler; params: Params; auth: boolean } | undefined {
  for (const route of routes) {
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
