import type { ChatMentions } from '@banter/core'
import type { ThreatLists } from '../lists/threat-lists.js'
import type { LinkScanOptions } from '../options.js'
import { dedupeThreats as dedupe, type FoundThreat, THREAT } from '../threats.js'
import { extractLinks, extractMaskedLinks, type FoundLink, linkInLabel } from './link-extractor.js'
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

  /** Threats in `text` (and in the adapter's parsed mentions, when given). */
  scan(text: string, mentions?: ChatMentions): FoundThreat[] {
    const threats: FoundThreat[] = []
    const { links, secrets, massMentionThreshold } = this.#options
    if (links.enabled) {
      for (const link of extractLinks(text)) {
        const threat = this.checkLink(link)
        if (threat) threats.push(threat)
      }
      if (links.flagMaskedLinks) threats.push(...this.#maskedLinks(text))
    }
    if (secrets) threats.push(...findSecrets(text))
    if (massMentionThreshold > 0 && countMentions(text, mentions) >= massMentionThreshold) {
      threats.push({ name: THREAT.massMention, engine: 'mentions' })
    }
    return dedupe(threats)
  }

  /** The threat of one link, if it has one. Allowlisted hosts never have one. */
  checkLink(link: FoundLink): FoundThreat | undefined {
    const { hostname } = link
    if (this.#lists.allowed.match(hostname) !== undefined) return undefined
    const location = hostname
    if (this.#lists.blocked.match(hostname) !== undefined) {
      return { name: THREAT.blockedDomain, engine: 'links', location }
    }
    const options = this.#options.links
    if (link.isIp) {
      return options.flagIpLinks && (link.hasScheme || link.hasPath)
        ? { name: THREAT.ipLink, engine: 'links', location }
        : undefined
    }
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

  #maskedLinks(text: string): FoundThreat[] {
    const threats: FoundThreat[] = []
    for (const masked of extractMaskedLinks(text)) {
      const shown = linkInLabel(masked.label)
      const target = extractLinks(masked.target)[0]
      if (!shown || !target) continue
      if (this.#lists.allowed.match(target.hostname) !== undefined) continue
      const shownSite = shown.domain ?? shown.hostname
      const targetSite = target.domain ?? target.hostname
      if (shownSite !== targetSite) {
        threats.push({ name: THREAT.maskedLink, engine: 'links', location: target.hostname })
      }
    }
    return threats
  }
}
