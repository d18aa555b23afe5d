import type { IncomingMessage, ServerResponse } from 'node:http'

/** HTTP methods a plugin route may answer. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A request as a plugin route sees it. */
export interface HttpRequest {
  /** Method. */
  readonly method: HttpMethod
  /** Path below `/plugins/<name>`. */
  readonly path: string
  /** Path parameters (`/hooks/:id` gives `{ id }`). */
  readonly params: Readonly<Record<string, string>>
  /** Query string values. */
  readonly query: Readonly<Record<string, string | string[]>>
  /** Header values, lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** Parsed JSON body, or the raw text for other content types. */
  readonly body: unknown
}

/** What a route handler returns. */
export interface HttpResponse {
  /** Status code, 200 by default. */
  readonly status?: number
  /** Headers. */
  readonly headers?: Readonly<Record<string, string>>
  /** A string, bytes, or a value sent as JSON. */
  readonly body?: unknown
}

/** Who may call a route: everyone, or holders of the admin token. */
export type HttpAuth = 'none' | 'admin'

/** A route a plugin serves under `/plugins/<name>/`. */
export interface HttpRoute {
  /** Method. */
  readonly method: HttpMethod
  /** Path, starting with `/`; `:param` segments are captured. */
  readonly path: string
  /** Who may call it; default `none`. */
  readonly auth?: HttpAuth
  /** Answers the request. */
  handler(request: HttpRequest): HttpResponse | Promise<HttpResponse>
}

/** A raw Node request handler mounted under a prefix (for dashboards such as bull-board). */
export type NodeHttpHandler = (request: IncomingMessage, response: ServerResponse) => void

/** A route or mount with its owner, as the HTTP server sees it. */
export type RegisteredRoute =
  | { readonly kind: 'route'; readonly plugin: string; readonly route: HttpRoute }
  | {
      readonly kind: 'mount'
      readonly plugin: string
      readonly path: string
      readonly auth: HttpAuth
      readonly handler: NodeHttpHandler
      /** Served at `path` itself rather than under `/plugins/<plugin>` (a dashboard; needs `manage`). */
      readonly root?: boolean
    }
