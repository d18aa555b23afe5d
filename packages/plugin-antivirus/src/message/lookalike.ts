import { distance } from 'fastest-levenshtein'
import { type FoundThreat, THREAT } from '../threats.js'
import { isTld } from './link-extractor.js'
import { skeleton } from './skeleton.js'

/** A host as {@link LookalikeDetector} reads it. */
export interface HostParts {
  /** Lower-case host, Unicode form (`dіscord.com` with a Cyrillic `і`). */
  readonly host: string
  /** Labels left of the public suffix (`cdn.evil` for `cdn.evil.co.uk`). */
  readonly labels: readonly string[]
  /** The public suffix (`co.uk`, `gift`). */
  readonly suffix: string
}

interface Name {
  readonly raw: string
  readonly skeleton: string
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false
  let first = -1
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue
    if (first === -1) first = i
    else return i === first + 1 && a[first] === b[i] && a[i] === b[first] && a.slice(i + 1) === b.slice(i + 1)
  }
  return false
}

// Edits allowed before a token stops looking like a protected name: none for short names (`steam`
// against `team` or `stream` would be noise), one (or a swap of neighbours) for longer ones.
function nearMiss(token: string, name: Name): boolean {
  if (token === name.skeleton) return true
  if (name.skeleton.length < 6) return false
  return isTransposition(token, name.skeleton) || distance(token, name.skeleton) <= 1
}

/**
 * Spots hosts that imitate protected names. A host is a look-alike when one of its labels (or a
 * hyphen-separated part, or a window of a longer label) has the skeleton of a protected name without
 * being that name (`d1scord`, `dicsord`, `steamcommunlty`, `stearn`). It is brand bait when it
 * carries a protected name and a bait word (`discord-nitro.gift`, `steam-gift.ru`). Allowlisted hosts
 * are never passed here.
 */
export class LookalikeDetector {
  readonly #names: readonly Name[]
  readonly #bait: readonly Name[]
  readonly #brands: ReadonlySet<string>

  constructor(protectedNames: readonly string[], baitWords: readonly string[]) {
    const bait = new Set(baitWords.map((w) => w.toLowerCase()))
    // Longest first, so that `steamcommunlty` is reported as imitating steamcommunity rather than steam.
    this.#names = protectedNames
      .map((raw) => ({ raw: raw.toLowerCase(), skeleton: skeleton(raw) }))
      .sort((a, b) => b.raw.length - a.raw.length)
    this.#bait = [...bait].map((raw) => ({ raw, skeleton: skeleton(raw) }))
    this.#brands = new Set(this.#names.filter((n) => !bait.has(n.raw)).map((n) => n.raw))
  }

  /**
   * The brand-spoof threat for a host that spells a protected brand's domain in front of another
   * domain: `discord.com.evil.ru`, `steamcommunity.com.ru` (a brand label, a top-level domain label,
   * then more). `discord.js.org` is not one (`js` is no top-level domain); allowlisted hosts are never
   * passed here.
   */
  spoof(hostname: string): FoundThreat | undefined {
    const labels = hostname.split('.')
    for (let i = 0; i + 2 < labels.length; i++) {
      const label = labels[i] as string
      if (this.#brands.has(label) && isTld(labels[i + 1] as string)) {
        return { name: THREAT.brandSpoof(label), engine: 'links', location: hostname }
      }
    }
    return undefined
  }

  /** The look-alike or brand-bait threat for a host, if any. */
  check(parts: HostParts): FoundThreat | undefined {
    const rawTokens = new Set<string>()
    for (const label of parts.labels) {
      rawTokens.add(label.replace(/-/g, ''))
      for (const piece of label.split(/[-_]/)) if (piece.length >= 3) rawTokens.add(piece)
    }
    let brand: string | undefined
    for (const raw of rawTokens) {
      const token = skeleton(raw)
      for (const name of this.#names) {
        if (raw === name.raw) {
          if (this.#brands.has(name.raw)) brand ??= name.raw
          continue
        }
        if (nearMiss(token, name))
          return { name: THREAT.lookalike(name.raw), engine: 'links', location: parts.host }
        if (token.includes(name.skeleton)) {
          if (raw.includes(name.raw)) {
            if (this.#brands.has(name.raw)) brand ??= name.raw
          } else {
            return { name: THREAT.lookalike(name.raw), engine: 'links', location: parts.host }
          }
        } else if (name.skeleton.length >= 6 && token.length > name.skeleton.length) {
          for (let at = 0; at + name.skeleton.length - 1 <= token.length; at++) {
            for (const width of [name.skeleton.length - 1, name.skeleton.length, name.skeleton.length + 1]) {
              const window = token.slice(at, at + width)
              if (window.length === width && nearMiss(window, name)) {
                return { name: THREAT.lookalike(name.raw), engine: 'links', location: parts.host }
              }
            }
          }
        }
      }
    }
    if (brand === undefined) return undefined
    const baitTokens = [...rawTokens, ...parts.suffix.split('.')].map(skeleton)
    const hasBait = this.#bait.some((b) => b.raw !== brand && baitTokens.some((t) => t.includes(b.skeleton)))
    return hasBait ? { name: THREAT.brandBait(brand), engine: 'links', location: parts.host } : undefined
  }
}
