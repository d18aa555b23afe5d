import { parseDomain } from './tldts.js'

/**
 * A set of domains matched the way block and allow lists must be: a host matches when it, or one of its
 * parent domains down to the registrable domain, is in the set. `cdn.discordapp.com` matches
 * `discordapp.com`; `notdiscordapp.com` does not (never a substring match); IP addresses match exactly.
 */
export class DomainSet {
  readonly #domains: ReadonlySet<string>

  constructor(domains: Iterable<string> = []) {
    this.#domains = new Set(domains)
  }

  /** Number of domains. */
  get size(): number {
    return this.#domains.size
  }

  /** Whether `domain` itself is in the set. */
  has(domain: string): boolean {
    return this.#domains.has(domain)
  }

  /** The listed domain that `hostname` (lower-case ASCII) falls under, if any. */
  match(hostname: string): string | undefined {
    if (this.#domains.size === 0) return undefined
    if (this.#domains.has(hostname)) return hostname
    const parsed = parseDomain(hostname)
    if (parsed.isIp || parsed.domain === null) return undefined
    let host = hostname
    while (host !== parsed.domain) {
      const dot = host.indexOf('.')
      if (dot === -1) return undefined
      host = host.slice(dot + 1)
      if (this.#domains.has(host)) return host
    }
    return undefined
  }
}
