import { lookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { workflowError } from '../errors.js'
import type { AddressPolicy } from './address-policy.js'

/** One HTTP request of an `http` step. */
export interface GuardedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  /** Aborts the request (step timeout, run cancelled, worker closing). */
  readonly signal: AbortSignal
  /** Largest response body read, in bytes. */
  readonly maxBytes: number
}

/** The answer, body parsed as JSON when the server says it is JSON. */
export interface GuardedResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/** The URL without credentials, query or fragment: safe for logs and errors. */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

async function resolve(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host]
  const found = await lookup(host, { all: true, verbatim: true })
  return found.map((entry) => entry.address)
}

/**
 * Sends one HTTP request to a host the {@link AddressPolicy} allows. The host name is resolved once,
 * every address checked, and the connection made to the checked address (so a DNS answer that
 * changes between check and connect cannot reach a private address). Redirects are not followed.
 *
 * Hand-written on `node:http` because no request library in the workspace pins the checked address.
 */
export async function guardedRequest(spec: GuardedRequest, policy: AddressPolicy): Promise<GuardedResponse> {
  let url: URL
  try {
    url = new URL(spec.url)
  } catch {
    throw workflowError('WORKFLOW_STEP_FAILED', `"${spec.url.slice(0, 80)}" is not a URL`, {
      retryable: false,
    })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw workflowError('WORKFLOW_HTTP_BLOCKED', `${url.protocol} URLs are refused: only http and https`, {
      retryable: false,
    })
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: string[]
  try {
    addresses = await resolve(host)
  } catch (cause) {
    throw workflowError('WORKFLOW_STEP_FAILED', `could not resolve ${host}: ${(cause as Error).message}`, {
      cause,
    })
  }
  const address = addresses.find((a) => policy.allows(a))
  if (address === undefined) {
    throw workflowError(
      'WORKFLOW_HTTP_BLOCKED',
      `${safeUrl(url)} was refused: ${host} is ${addresses.join(', ')}, a loopback, private or reserved address`,
      { retryable: false },
    )
  }
  const secure = url.protocol === 'https:'
  const send = secure ? httpsRequest : httpRequest
  return new Promise<GuardedResponse>((resolvePromise, reject) => {
    const req = send(
      {
        host: address,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: spec.method,
        headers: { ...spec.headers, host: url.host },
        signal: spec.signal,
        ...(secure && isIP(host) === 0 ? { servername: host } : {}),
      },
      (res) => {
        readBody(res, spec.maxBytes, url).then(resolvePromise, reject)
      },
    )
    req.on('error', (cause) => {
      if (spec.signal.aborted) {
        reject(spec.signal.reason ?? cause)
        return
      }
      reject(
        workflowError('WORKFLOW_STEP_FAILED', `${spec.method} ${safeUrl(url)} failed: ${cause.message}`, {
          cause,
        }),
      )
    })
    if (spec.body !== undefined) req.write(spec.body)
    req.end()
  })
}

async function readBody(res: IncomingMessage, maxBytes: number, url: URL): Promise<GuardedResponse> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res) {
    size += (chunk as Buffer).length
    if (size > maxBytes) {
      res.destroy()
      throw workflowError(
        'WORKFLOW_STEP_FAILED',
        `${safeUrl(url)} answered with more than ${maxBytes} bytes; the step reads at most that much`,
        { retryable: false },
      )
    }
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  let body: unknown = text
  if (/\bjson\b/i.test(headers['content-type'] ?? '') && text !== '') {
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
  }
  return { status: res.statusCode ?? 0, headers, body }
}
