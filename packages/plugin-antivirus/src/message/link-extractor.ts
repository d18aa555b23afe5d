import { createRequire } from 'node:module'
import { domainToUnicode } from 'node:url'
import { LinkifyIt } from 'linkify-it'
import { parseDomain } from '../lists/tldts.js'

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
  /** Whether it was written with a scheme (`https://`, `//`) rather than as a bare domain. */
  readonly hasScheme: boolean
  /** Whether it carries a user name or password before the host (`https://discord.com@evil.example`). */
  readonly hasUserinfo: boolean
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
// A web link as a chat client autolinks it: a scheme in any case (or none: `//host`), then everything up
// to a space or `<`, less trailing punctuation. Unlike linkify-it, it runs through `user@` to the host
// the browser will really open.
const WEB_LINK = /(?:\bhttps?:)?\/\/[^\s<]*[^\s<.,:;"')\]]/gi
const TLD_SET: ReadonlySet<string> = new Set(TLDS)

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyIP: true, fuzzyEmail: false }).tlds(TLDS)

/** Removes characters that do not render but break matching (zero-width spaces, soft hyphens). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

/** Whether `label` is a top-level domain (`com`, `ru`, `gift`). */
export function isTld(label: string): boolean {
  return TLD_SET.has(label)
}

function describe(raw: string, url: string, hasScheme: boolean): FoundLink | undefined {
  let parsed: URL
  try {
    // Scheme-relative links (`//evil.example`) open with the page's scheme: https.
    parsed = new URL(url.startsWith('//') ? `https:${url}` : url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  // `evil.example.` is the same host as `evil.example` (a fully qualified name): lists must see one.
  const hostname = parsed.hostname.toLowerCase().replace(/\.+$/, '')
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
    hasUserinfo: parsed.username !== '' || parsed.password !== '',
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
  const links: FoundLink[] = []
  const seen = new Set<string>()
  const add = (link: FoundLink | undefined) => {
    const key = `${link?.hostname}\u0000${link?.hasUserinfo}`
    if (link === undefined || seen.has(key)) return
    seen.add(key)
    links.push(link)
  }
  for (const match of linkify.match(clean) ?? []) add(describe(match.raw, match.url, match.schema !== ''))
  for (const match of clean.matchAll(WEB_LINK)) add(describe(match[0], match[0], true))
  return links
}

/** The link a masked link's target leads to (`https://…`, any case, or `//…`), if it is a web link. */
export function linkFromTarget(target: string): FoundLink | undefined {
  const clean = stripInvisible(target).trim()
  if (!/^(?:https?:)?\/\//i.test(clean)) return undefined
  return describe(clean, clean, true)
}

// The end of a masked link's target: `(<target>)` or `(target "title")`, with balanced parentheses
// inside the target as Markdown allows. `open` is the index of the `(`.
function readTarget(text: string, open: number): { target: string; end: number } | undefined {
  let at = open + 1
  while (at < text.length && /\s/.test(text[at] as string)) at++
  if (text[at] === '<') {
    const close = text.indexOf('>', at)
    if (close === -1) return undefined
    const end = text.indexOf(')', close)
    return end === -1 ? undefined : { target: text.slice(at + 1, close), end }
  }
  const start = at
  let depth = 0
  for (; at < text.length; at++) {
    const char = text[at] as string
    if (char === '\\') at++
    else if (char === '(') depth++
    else if (char === ')') {
      if (depth === 0) return { target: text.slice(start, at), end: at }
      depth--
    } else if (/\s/.test(char) && depth === 0) {
      const end = text.indexOf(')', at)
      return end === -1 ? undefined : { target: text.slice(start, at), end }
    }
  }
  return undefined
}

/**
 * Every Markdown masked link `[label](target)` in `text`, found the way Markdown renderers pair
 * brackets (nested brackets in the label, balanced parentheses in the target, `<target>`, a title),
 * with no limit on the label's length: one pass over the text, brackets kept on a stack.
 */
export function extractMaskedLinks(text: string): MaskedLink[] {
  const clean = stripInvisible(text)
  const found: MaskedLink[] = []
  const open: number[] = []
  for (let at = 0; at < clean.length; at++) {
    const char = clean[at]
    if (char === '\\') at++
    else if (char === '[') open.push(at)
    else if (char === ']') {
      const start = open.pop()
      if (start === undefined || clean[at + 1] !== '(') continue
      const target = readTarget(clean, at + 1)
      if (target === undefined) continue
      found.push({ label: clean.slice(start + 1, at).trim(), target: target.target })
    }
  }
  return found
}

/** The first link written in a masked link's label (`discord.com/gifts`), if the label shows one. */
export function linkInLabel(label: string): FoundLink | undefined {
  return extractLinks(label)[0]
}
