import type { GuestChannel } from './guest-channel.js'
import { type ResponseData, SandboxResponse } from './sandbox-response.js'

type AnyRecord = Record<string, unknown>

/** A request as it crosses to the host. */
export interface RequestData {
  readonly url: string
  readonly method: string
  readonly headers: [string, string][]
  readonly body: string | Uint8Array | undefined
}

function headerList(headers: unknown): [string, string][] {
  if (!headers) return []
  if (Array.isArray(headers)) return headers.map(([k, v]) => [String(k), String(v)])
  const list: [string, string][] = []
  if (typeof (headers as { forEach?: unknown }).forEach === 'function') {
    ;(headers as { forEach(fn: (v: string, k: string) => void): void }).forEach((v, k) => {
      list.push([k, v])
    })
    return list
  }
  for (const [k, v] of Object.entries(headers as AnyRecord)) list.push([k, String(v)])
  return list
}

function bodyData(body: unknown): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (
    typeof (body as { toString?: unknown }).toString === 'function' &&
    body.constructor?.name === 'URLSearchParams'
  )
    return String(body)
  throw new TypeError('ctx.fetch in a sandbox takes a string or bytes as body (no streams or forms)')
}

/** Turns what `fetch(input, init)` was given into plain request data. */
export async function requestData(input: unknown, init: AnyRecord = {}): Promise<RequestData> {
  const isUrl = typeof URL !== 'undefined' && input instanceof URL
  const isRequest = typeof input === 'object' && input !== null && 'url' in input && !isUrl
  const url = isRequest ? String((input as AnyRecord).url) : String(input)
  const method = String(
    init.method ?? (isRequest ? (input as AnyRecord).method : undefined) ?? 'GET',
  ).toUpperCase()
  const headers = headerList(init.headers ?? (isRequest ? (input as AnyRecord).headers : undefined))
  let body = bodyData(init.body)
  const readable = input as { arrayBuffer?: () => Promise<ArrayBuffer> }
  if (
    body === undefined &&
    isRequest &&
    typeof readable.arrayBuffer === 'function' &&
    method !== 'GET' &&
    method !== 'HEAD'
  ) {
    body = new Uint8Array(await readable.arrayBuffer())
  }
  return { url, method, headers, body }
}

/**
 * `ctx.fetch` in a guest: the host performs the request through the plugin's real context (the
 * `network` permission) after checking the host against the sandbox's `network` list (redirects
 * included). The body arrives whole. A real `Response` where the guest has one (a worker).
 */
export function guestFetch(channel: GuestChannel): typeof fetch {
  const NativeResponse = (globalThis as { Response?: typeof Response }).Response
  return (async (input: unknown, init?: AnyRecord) => {
    const request = await requestData(input, init)
    const data = (await channel.request('fetch', request)) as ResponseData
    if (NativeResponse && data.status >= 200 && data.status <= 599) {
      const empty = data.status === 204 || data.status === 205 || data.status === 304
      const response = new NativeResponse(
        empty ? null : (data.body as unknown as ConstructorParameters<typeof Response>[0]),
        {
          status: data.status,
          statusText: data.statusText,
          headers: data.headers as [string, string][],
        },
      )
      Object.defineProperty(response, 'url', { value: data.url })
      Object.defineProperty(response, 'redirected', { value: data.redirected })
      return response
    }
    return new SandboxResponse(data)
  }) as unknown as typeof fetch
}
