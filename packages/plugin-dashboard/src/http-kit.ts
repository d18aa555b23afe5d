import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * The Content-Security-Policy of every dashboard response: scripts, styles and data from the
 * dashboard's own origin only, no inline script or style, no framing.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers every response carries. */
export function securityHeaders(response: ServerResponse): void {
  response.setHeader('content-security-policy', CSP)
  response.setHeader('x-content-type-options', 'nosniff')
  response.setHeader('referrer-policy', 'no-referrer')
  response.setHeader('x-frame-options', 'DENY')
  response.setHeader('cross-origin-opener-policy', 'same-origin')
}

/** Sends a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.statusCode = status
  response.setHeader('content-type', 'application/json; charset=utf-8')
  response.setHeader('cache-control', 'no-store')
  response.end(text)
}

/** The cookies of a request. */
export function cookies(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at <= 0) continue
    out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim())
  }
  return out
}

/** A bad request body (not JSON, too large, wrong content type). */
export class BodyError extends Error {}

const LIMIT = 256 * 1024

/** Reads a JSON body (`{}` when empty); throws {@link BodyError} for anything but JSON. */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > LIMIT) throw new BodyError(`the body is larger than ${LIMIT} bytes`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  const type = String(request.headers['content-type'] ?? '')
  if (!type.startsWith('application/json')) throw new BodyError('send the body as application/json')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new BodyError(`the body is not JSON: ${(error as Error).message}`)
  }
}
