import { randomBytes } from 'node:crypto'

/** One logged-in browser. */
export interface Session {
  /** Who logged in: `token` (the admin token) or `link` (a one-time link). */
  readonly user: string
  /** The value every change must carry in `X-CSRF-Token`. */
  readonly csrf: string
  /** When it expires unless used (ms since the epoch). */
  expires: number
}

const secret = () => randomBytes(32).toString('base64url')

/**
 * Sessions and one-time login links, in memory (a restart logs everyone out). Ids and links are 256
 * random bits; a link works once and only until it expires.
 */
export class Sessions {
  readonly #sessions = new Map<string, Session>()
  readonly #links = new Map<string, number>()
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs
    this.#now = now
  }

  /** Opens a session; returns its id (the cookie value) and the session. */
  open(user: string): { id: string; session: Session } {
    this.#sweep()
    const id = secret()
    const session: Session = { user, csrf: secret(), expires: this.#now() + this.#ttlMs }
    this.#sessions.set(id, session)
    return { id, session }
  }

  /** The live session of an id (its expiry pushed back), or `undefined`. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined
    const session = this.#sessions.get(id)
    if (!session) return undefined
    if (session.expires <= this.#now()) {
      this.#sessions.delete(id)
      return undefined
    }
    session.expires = this.#now() + this.#ttlMs
    return session
  }

  /** Ends a session. */
  close(id: string | undefined): void {
    if (id) this.#sessions.delete(id)
  }

  /** A one-time login link token, valid for `ttlMs`. */
  link(ttlMs: number): string {
    const token = secret()
    this.#links.set(token, this.#now() + ttlMs)
    return token
  }

  /** Uses a link token: true once, when it exists and has not expired. */
  redeem(token: string): boolean {
    const expires = this.#links.get(token)
    this.#links.delete(token)
    return expires !== undefined && expires > this.#now()
  }

  /** Ends every session (the plugin stops). */
  clear(): void {
    this.#sessions.clear()
    this.#links.clear()
  }

  #sweep(): void {
    const now = this.#now()
    for (const [id, s] of this.#sessions) if (s.expires <= now) this.#sessions.delete(id)
    for (const [token, expires] of this.#links) if (expires <= now) this.#links.delete(token)
  }
}
