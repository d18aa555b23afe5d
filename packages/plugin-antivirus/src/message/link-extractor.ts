import { createRequire } from 'node:module'
import { domainToUnicode } from 'node:url'
import { LinkifyIt } from 'linkify-it'
import { parse as parseDomain } from 'tldts'

// `tlds` is a JSON module; createRequire reads it the same way under Node and under test runners.
const TLDS = createRequire(import.meta.url)('tlds') as string[]

/** A link found in message text. */
export interface FoundLink {
  /** The text as written. */
  readonly raw: string
  /** The URL (a scheme added to bare domains). */
  readonly url: string
  /** Host, lower-case ASCII (punycode for international names; `[::1]` for IPv6). */
  readonly hostname: string
  /** The host in Unicode, for look-alike checks. */
  readonly unicodeHost: string
  /** Whether the host is an IP address. */
  readonly isIp: boolean
  /** Whether it was written with a scheme (`https://`) rather than as a bare domain. */
  readonly hasScheme: boolean
  /** Whether it has a path, query or port after the host. */
  readonly hasPath: boolean
  /** Registrable domain (`discordapp.com` for `cdn.discordapp.com`), when there is one. */
  readonly domain: string | undefined
  /** Labels left of the public suffix (ASCII). */
  readonly labels: readonly string[]
  /** The same labels in Unicode (`dіscord` rather than `xn--dscord-pvf`). */
  readonly unicodeLabels: readonly string[]
  /** Public suffix. */
  readonly suffix: string
}

/** A Markdown link `[text](url)`, as Discord renders masked links. */
export interface MaskedLink {
  /** What the reader sees. */
  readonly label: string
  /** Where it leads. */
  readonly target: string
}

// Invisible characters phishers put inside domains so that naive matching misses them.
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF]/g
const MASKED = /\[([^\]\n]{1,256})\]\(\s*<?((?:https?:)?\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyIP: true, fuzzyEmail: false }).tlds(TLDS)

/** Removes characters that do not render but break matching (zero-width spaces, soft hyphens). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

function describe(raw: string, url: string, hasScheme: boolean): FoundLink | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const hostname = parsed.hostname.toLowerCase()
  if (hostname === '') return undefined
  const info = parseDomain(hostname)
  const isIp = info.isIp === true || hostname.startsWith('[')
  const suffix = info.publicSuffix ?? ''
  const left = isIp
    ? ''
    : suffix && hostname.endsWith(`.${suffix}`)
      ? hostname.slice(0, -suffix.length - 1)
      : hostname
  const labels = left === '' ? [] : left.split('.')
  const afterHost = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^\/\//, '')
  return {
    raw,
    url,
    hostname,
    unicodeHost: isIp ? hostname : domainToUnicode(hostname) || hostname,
    isIp,
    hasScheme,
    hasPath: /[/?#:]/.test(afterHost.replace(/^[^@]*@/, '')) || parsed.port !== '',
    domain: info.domain ?? undefined,
    labels,
    unicodeLabels: labels.map((label) =>
      label.startsWith('xn--') ? domainToUnicode(label) || label : label,
    ),
    suffix,
  }
}

/**
 * Every link in `text`: with or without a scheme (`https://evil.live/x`, `evil.live/x`), IP literals,
 * international names. Uses linkify-it with fuzzy links and the full TLD list (`tlds`); invisible
 * characters are removed first.
 */
export function extractLinks(text: string): FoundLink[] {
  const clean = stripInvisible(text)
  const matches = linkify.match(clean) ?? []
  const links: FoundLink[] = []
  for (const match of matches) {
    const link = describe(match.raw, match.url, match.schema !== '')
    if (link) links.push(link)
  }
  return links
}

/** Every Markdown masked link `[text](https://…)` in `text`. */
export function extractMaskedLinks(text: string): MaskedLink[] {
  const clean = stripInvisible(text)
  const found: MaskedLink[] = []
  for (const match of clean.matchAll(MASKED)) {
    found.push({ label: (match[1] as string).trim(), target: match[2] as string })
  }
  return found
}

/** The first link written in a masked link's label (`discord.com/gifts`), if the label shows one. */
export function linkInLabel(label: string): FoundLink | undefined {
  return extractLinks(label)[0]
}
