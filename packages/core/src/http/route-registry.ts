import { BanterError } from '../errors/banter-error.js'
import type { Disposer } from '../runtime/disposables.js'
import type { RegisteredRoute } from './http-route.js'
import type { HttpServerInfo } from './http-server-info.js'

/** Top-level paths the bot app's HTTP server answers itself. */
const RESERVED_ROOTS = new Set(['', 'api', 'plugins', 'healthz', 'readyz', 'metrics'])

/**
 * Every HTTP route and mount plugins registered (`bot.http`). Core serves nothing itself: the bot
 * app's HTTP server reads this registry and serves each entry under `/plugins/<plugin>/<path>`.
 */
export class RouteRegistry {
  readonly #routes: RegisteredRoute[] = []
  #server: HttpServerInfo | undefined

  /** The HTTP server serving these routes, once the bot app started one. */
  get server(): HttpServerInfo | undefined {
    return this.#server
  }

  /** For the bot app: its HTTP server announces itself; returns a disposer for when it closes. */
  attachServer(info: HttpServerInfo): Disposer {
    this.#server = info
    return () => {
      if (this.#server === info) this.#server = undefined
    }
  }

  /** Every registered route, in registration order. */
  list(): readonly RegisteredRoute[] {
    return this.#routes
  }

  /** @internal Adds an entry; plugins go through `ctx.http`. */
  add(entry: RegisteredRoute): Disposer {
    const path = entry.kind === 'route' ? entry.route.path : entry.path
    if (!path.startsWith('/')) {
      throw new BanterError(
        'ROUTE_INVALID',
        `plugin "${entry.plugin}": route path "${path}" must start with "/"`,
        {
          plugin: entry.plugin,
        },
      )
    }
    if (entry.kind === 'mount' && entry.root) this.#checkRoot(entry.plugin, path)
    const method = entry.kind === 'route' ? entry.route.method : '*'
    const taken = this.#routes.some(
      (r) =>
        r.plugin === entry.plugin &&
        (r.kind === 'route' ? r.route.path : r.path) === path &&
        (r.kind === 'route' ? r.route.method : '*') === method,
    )
    if (taken) {
      throw new BanterError(
        'ROUTE_INVALID',
        `plugin "${entry.plugin}": ${method} ${path} is registered twice`,
        {
          plugin: entry.plugin,
        },
      )
    }
    this.#routes.push(entry)
    return () => {
      const at = this.#routes.indexOf(entry)
      if (at !== -1) this.#routes.splice(at, 1)
    }
  }

  #checkRoot(plugin: string, path: string): void {
    const top = path.split('/')[1] ?? ''
    const why = RESERVED_ROOTS.has(top)
      ? `"/${top}" belongs to the bot's HTTP server`
      : this.#routes.some((r) => r.kind === 'mount' && r.root && r.path.split('/')[1] === top)
        ? `another plugin serves "/${top}"`
        : undefined
    if (why)
      throw new BanterError(
        'ROUTE_INVALID',
        `plugin "${plugin}" cannot mount "${path}" at the root: ${why}`,
        {
          plugin,
        },
      )
  }

  /** Number of routes and mounts. */
  get size(): number {
    return this.#routes.length
  }
}
