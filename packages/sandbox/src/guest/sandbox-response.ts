/** Response headers as the host sent them, with the read side of the `Headers` API. */
export class SandboxHeaders {
  readonly #entries: [string, string][]

  constructor(entries: readonly (readonly [string, string])[]) {
    this.#entries = entries.map(([k, v]) => [k.toLowerCase(), v])
  }

  get(name: string): string | null {
    const key = name.toLowerCase()
    const values = this.#entries.filter(([k]) => k === key).map(([, v]) => v)
    return values.length === 0 ? null : values.join(', ')
  }

  has(name: string): boolean {
    return this.get(name) !== null
  }

  forEach(fn: (value: string, key: string) => void): void {
    for (const [k, v] of this.#entries) fn(v, k)
  }

  entries(): IterableIterator<[string, string]> {
    return this.#entries[Symbol.iterator]()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()
  }
}

/** What the host sends back for a `ctx.fetch`. */
export interface ResponseData {
  readonly status: number
  readonly statusText: string
  readonly url: string
  readonly redirected: boolean
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Uint8Array
}

/**
 * The response of `ctx.fetch` inside an isolate (which has no `Response`): the body arrives whole,
 * and `text()`, `json()`, `arrayBuffer()` and `bytes()` read it once.
 */
export class SandboxResponse {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly url: string
  readonly redirected: boolean
  readonly headers: SandboxHeaders
  readonly type = 'basic'
  readonly #body: Uint8Array
  #used = false

  constructor(data: ResponseData) {
    this.status = data.status
    this.statusText = data.statusText
    this.ok = data.status >= 200 && data.status < 300
    this.url = data.url
    this.redirected = data.redirected
    this.headers = new SandboxHeaders(data.headers)
    this.#body = data.body
  }

  get bodyUsed(): boolean {
    return this.#used
  }

  async bytes(): Promise<Uint8Array> {
    if (this.#used) throw new TypeError('the body of this response was already read')
    this.#used = true
    return this.#body
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes()
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes())
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }

  clone(): SandboxResponse {
    if (this.#used) throw new TypeError('cannot clone a response whose body was read')
    return new SandboxResponse({ ...this, headers: [...this.headers.entries()], body: this.#body })
  }
}
