import type { ChatMentions } from '@banter/core'
import type { ThreatLists } from '../lists/threat-lists.js'
import type { LinkScanOptions } from '../options.js'
import { dedupeThreats as dedupe, type FoundThreat, THREAT } from '../threats.js'
import {
  extractLinks,
  extractMaskedLinks,
  type FoundLink,
  linkFromTarget,
  linkInLabel,
} from './link-extractor.js'
import { LookalikeDetector } from './lookalike.js'
import { countMentions } from './mentions.js'
import { findSecrets } from './secrets.js'

/** Options of {@link MessageScanner}. */
export interface MessageScannerOptions {
  /** Link checks. */
  readonly links: LinkScanOptions
  /** Look for leaked secrets. */
  readonly secrets: boolean
  /** Distinct mentions that make a message mass-mention spam (0: off). */
  readonly massMentionThreshold: number
}

/**
 * Scans message text: every link (with or without scheme) against the allowlist first, then the
 * blocklist (host and parent domains, never substrings), IP literals, punycode and look-alikes;
 * masked Markdown links whose text shows another domain than the target; leaked secrets; mass
 * mentions. Runs in process, synchronously.
 */
export class MessageScanner {
  readonly #options: MessageScannerOptions
  readonly #lists: ThreatLists
  readonly #lookalikes: LookalikeDetector

  constructor(options: MessageScannerOptions, lists: ThreatLists) {
    this.#options = options
    this.#lists = lists
    this.#lookalikes = new LookalikeDetector(options.links.protectedNames, options.links.baitWords)
  }

  /**
   * Threats in `text` (and in the adapter's parsed mentions, when given). `scope` (a guild id, or
   * `@dm`) adds the domains moderators allowed there; without it only the operator's allowlists count.
   */
  scan(
    text: string,
    mentions?: ChatMentions,
    scope?: string,
    options: { readonly checkLinks?: boolean } = {},
  ): FoundThreat[] {
    const threats: FoundThreat[] = []
    const { links, secrets, massMentionThreshold } = this.#options
    if (links.enabled && options.checkLinks !== false) {
      for (const link of extractLinks(text)) {
        const threat = this.checkLink(link, scope)
        if (threat) threats.push(threat)
      }
      threats.push(...this.#maskedLinks(text, scope, links.flagMaskedLinks))
    }
    if (secrets) threats.push(...findSecrets(text))
    if (massMentionThreshold > 0 && countMentions(text, mentions) >= massMentionThreshold) {
      threats.push({ name: THREAT.massMention, engine: 'mentions' })
    }
    return dedupe(threats)
  }

  /**
   * The threat of one link, if it has one. Allowlisted hosts (everywhere, or in `scope`) never have one,
   * unless the link hides its host behind a user name (`https://discord.com@evil.example`).
   */
  checkLink(link: FoundLink, scope?: string): FoundThreat | undefined {
    const { hostname } = link
    const location = hostname
    if (link.hasUserinfo) return { name: THREAT.userinfo, engine: 'links', location }
    if (this.#lists.allowedDomain(hostname, scope) !== undefined) return undefined
    if (this.#lists.blocked.match(hostname) !== undefined) {
      return { name: THREAT.blockedDomain, engine: 'links', location }
    }
    const options = this.#options.links
    if (link.isIp) {
      return options.flagIpLinks && (link.hasScheme || link.hasPath)
        ? { name: THREAT.ipLink, engine: 'links', location }
        : undefined
    }
    const spoof = this.#lookalikes.spoof(hostname)
    if (spoof) return spoof
    const lookalike = this.#lookalikes.check({
      host: link.unicodeHost,
      labels: link.unicodeLabels,
      suffix: link.suffix,
    })
    if (lookalike) return lookalike
    if (options.flagPunycode && hostname.split('.').some((label) => label.startsWith('xn--'))) {
      return { name: THREAT.punycode, engine: 'links', location }
    }
    return undefined
  }

  // Every masked link's target goes through the link checks (whatever its case or form: `HTTPS://`,
  // `//host`); with `flagMasked`, a label that shows another site than the target is flagged too.
  #maskedLinks(text: string, scope: string | undefined, flagMasked: boolean): FoundThreat[] {
    const threats: FoundThreat[] = []
    for (const masked of extractMaskedLinks(text)) {
      const target = linkFromTarget(masked.target)
      if (!target) continue
      const threat = this.checkLink(target, scope)
      if (threat) threats.push(threat)
      if (!flagMasked || this.#lists.allowedDomain(target.hostname, scope) !== undefined) continue
      const shown = linkInLabel(masked.label)
      if (!shown) continue
      const shownSite = shown.domain ?? shown.hostname
      const targetSite = target.domain ?? target.hostname
      if (shownSite !== targetSite) {
        threats.push({ name: THREAT.maskedLink, engine: 'links', location: target.hostname })
      }
    }
    return threats
  }
}
