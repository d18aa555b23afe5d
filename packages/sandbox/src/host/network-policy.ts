import { sandboxError } from '../errors.js'

/** How many redirects a sandboxed fetch follows (each checked against the list). */
export const MAX_REDIRECTS = 5

/**
 * Whether `url` may be reached under the `network` list: an entry is a host name (`example.com`), a
 * wildcard for its subdomains (`*.example.com`, which does not match `example.com` itself), or
 * either with a port (`127.0.0.1:8080`; without a port any port matches). Only http and https.
 * `undefined` allows every host.
 */
export function hostAllowed(url: URL, allow: readonly string[] | undefined): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (allow === undefined) return true
  const host = url.hostname.toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return allow.some((entry) => {
    const at = entry.lastIndexOf(':')
    const bracket = entry.lastIndexOf(']')
    const hasPort = at > bracket && /^\d+$/.test(entry.slice(at + 1))
    const name = (hasPort ? entry.slice(0, at) : entry).toLowerCase()
    if (hasPort && entry.slice(at + 1) !== port) return false
    if (name.startsWith('*.')) return host.endsWith(name.slice(1)) && host.length > name.length - 1
    return host === name
  })
}

/** A response as it goes back to the guest. */
export interface FetchedData {
  readonly status: number
  readonly statusText: string
  readonly url: string
  readonly redirected: boolean
  readonly headers: [string, string][]
  readonly body: Uint8Array
}

/** A request as the guest sent it. */
export interface FetchRequest {
  readonly url: string
  readonly method: string
  readonly headers: readonly [string, string][]
  readonly body: string | Uint8Array | undefined
}

/**
 * Performs a guest's request through `fetchFn` (the plugin's real `ctx.fetch`, which checks the
 * `network` permission), refusing any host off the list, redirects included: they are followed here,
 * one by one, each target checked. The body is read whole, up to `maxBytes`.
 */
export async function sandboxFetch(
  plugin: string,
  request: FetchRequest,
  allow: readonly string[] | undefined,
  fetchFn: typeof fetch,
  maxBytes: number,
): Promise<FetchedData> {
  let url = parseUrl(plugin, request.url)
  let method = String(request.method || 'GET').toUpperCase()
  let body = typeof request.body === 'string' || request.body instanceof Uint8Array ? request.body : undefined
  const headers = Array.isArray(request.headers)
    ? request.headers.map(([k, v]) => [String(k), String(v)] as [string, string])
    : []
  for (let hop = 0; ; hop++) {
    if (!hostAllowed(url, allow)) {
      throw sandboxError(
        'SANDBOX_NETWORK_DENIED',
        `plugin "${plugin}" may not reach ${url.host}${hop > 0 ? ' (a redirect led there)' : ''}: it is not in its \`network\` list (${allow?.length ? allow.join(', ') : 'empty'})`,
        { plugin, details: { host: url.host } },
      )
    }
    const response = await fetchFn(url, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    })
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      if (hop >= MAX_REDIRECTS) throw new Error(`plugin "${plugin}": more than ${MAX_REDIRECTS} redirects`)
      await response.body?.cancel()
      url = new URL(location, url)
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET'
        body = undefined
      }
      continue
    }
    const bytes = await readCapped(response, maxBytes, plugin)
    return {
      status: response.status,
      statusText: response.statusText,
      url: url.href,
      redirected: hop > 0,
      headers: [...response.headers],
      body: bytes,
    }
  }
}

function parseUrl(plugin: string, raw: string): URL {
  try {
    return new URL(raw)
  } catch {
    throw new TypeError(`plugin "${plugin}": "${raw}" is not an absolute URL`)
  }
}

async function readCapped(response: Response, maxBytes: number, plugin: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined)
      throw sandboxError(
        'SANDBOX_MEMORY',
        `plugin "${plugin}": a response body was larger than ${maxBytes} bytes`,
        {
          plugin,
        },
      )
    }
    chunks.push(chunk)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}
