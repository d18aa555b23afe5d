import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'

/** A file uploaded in a multipart request. */
export interface FakeFile {
  /** The form field (`files[0]`). */
  readonly field: string
  /** The file name. */
  readonly name: string
  /** The MIME type sent with it. */
  readonly contentType?: string
  /** The bytes. */
  readonly data: Buffer
}

/** One HTTP request the fake answered, as tests see it in `fake.calls`. */
export interface FakeCall {
  /** HTTP method. */
  readonly method: string
  /** Path after `/api/v10` (`/channels/123/messages`); CDN downloads keep their `/cdn/...` path. */
  readonly path: string
  /** Query string parameters. */
  readonly query: Readonly<Record<string, string>>
  /** The JSON body, or the `payload_json` part of a multipart body; `undefined` when empty. */
  readonly body: unknown
  /** Uploaded files. */
  readonly files: readonly FakeFile[]
  /** Request headers (including `authorization: Bot <token>`). */
  readonly headers: IncomingHttpHeaders
  /** The status the fake answered with (429 for rate-limited calls). */
  readonly status: number
  /** The JSON the fake answered with, if any. */
  readonly response: unknown
}

/** A parsed request on its way to a route. */
export interface FakeRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly body: unknown
  readonly files: readonly FakeFile[]
  readonly headers: IncomingHttpHeaders
}

/** What a route answers. */
export interface FakeReply {
  readonly status: number
  /** A JSON body. */
  readonly json?: unknown
  /** Raw bytes (CDN). */
  readonly raw?: Buffer
  readonly headers?: Readonly<Record<string, string>>
}

/** Reads a request body and parses JSON or multipart (files plus `payload_json`). */
export async function readBody(
  req: IncomingMessage,
): Promise<{ body: unknown; files: FakeFile[]; malformed: boolean }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  if (raw.length === 0) return { body: undefined, files: [], malformed: false }
  const type = req.headers['content-type'] ?? ''
  try {
    if (type.startsWith('multipart/form-data'))
      return { ...(await parseMultipart(type, raw)), malformed: false }
    if (type.includes('json')) return { body: JSON.parse(raw.toString('utf8')), files: [], malformed: false }
    return { body: raw.toString('utf8'), files: [], malformed: false }
  } catch {
    return { body: raw.toString('utf8'), files: [], malformed: true }
  }
}

// Node's own fetch Request parses multipart bodies, so the fake needs no form-data dependency.
async function parseMultipart(type: string, raw: Buffer): Promise<{ body: unknown; files: FakeFile[] }> {
  const form = await new Request('http://fake.invalid/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: raw,
  }).formData()
  let body: unknown
  const files: FakeFile[] = []
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value)
      continue
    }
    const data = Buffer.from(await value.arrayBuffer())
    files.push(
      value.type
        ? { field, name: value.name, contentType: value.type, data }
        : { field, name: value.name, data },
    )
  }
  return { body, files }
}
