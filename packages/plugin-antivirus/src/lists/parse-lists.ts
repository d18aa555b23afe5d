import { domainToASCII } from 'node:url'
import { parseDomain } from './tldts.js'

/** What parsing a list file gave: the entries and the lines that were skipped. */
export interface ParsedList<Entry> {
  /** Entries, in file order. */
  readonly entries: Entry[]
  /** Lines that were not understood, as `line N: text` (at most 5 kept). */
  readonly skipped: string[]
  /** How many lines were skipped in all. */
  readonly skippedCount: number
}

/** One blocklisted digest with the name to report. */
export interface HashEntry {
  /** SHA-256, lower-case hex. */
  readonly sha256: string
  /** Threat name (`Blocklist.Sha256` when the list gives none). */
  readonly name: string | undefined
}

function lines<Entry>(text: string, parseLine: (line: string) => Entry | undefined): ParsedList<Entry> {
  const entries: Entry[] = []
  const skipped: string[] = []
  let skippedCount = 0
  const all = text.split(/\r?\n/)
  for (let i = 0; i < all.length; i++) {
    const line = (all[i] as string).replace(/#.*$/, '').trim()
    if (line === '') continue
    const entry = parseLine(line)
    if (entry === undefined) {
      skippedCount += 1
      if (skipped.length < 5) skipped.push(`line ${i + 1}: ${line.slice(0, 80)}`)
    } else entries.push(entry)
  }
  return { entries, skipped, skippedCount }
}

const SHA256 = /^[0-9a-fA-F]{64}$/

/**
 * Parses a SHA-256 blocklist: one digest per line, optionally followed by a name (`<digest> Name`), or
 * ClamAV `.hsb` lines (`<digest>:<size|*>:<Name>[:<flevel>]`). `#` starts a comment.
 */
export function parseHashList(text: string): ParsedList<HashEntry> {
  return lines(text, (line) => {
    const hsb = line.split(':')
    if (hsb.length >= 3 && SHA256.test(hsb[0] as string)) {
      return { sha256: (hsb[0] as string).toLowerCase(), name: hsb[2] || undefined }
    }
    const [digest, ...rest] = line.split(/\s+/)
    if (!digest || !SHA256.test(digest)) return undefined
    return { sha256: digest.toLowerCase(), name: rest.join(' ') || undefined }
  })
}

/**
 * Normalises a domain as operators write it (`Example.COM`, `*.example.com`, `https://example.com/x`,
 * `münchen.de`) to lower-case ASCII (`xn--mnchen-3ya.de`); `undefined` when it is not a domain.
 */
export function normalizeDomain(input: string): string | undefined {
  let value = input.trim().toLowerCase()
  if (value.startsWith('*.')) value = value.slice(2)
  if (value.startsWith('.')) value = value.slice(1)
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) {
    try {
      value = new URL(value).hostname
    } catch {
      return undefined
    }
  } else {
    value = value.replace(/[/?#:].*$/, '')
  }
  value = value.replace(/\.$/, '')
  if (value === '' || /\s/.test(value)) return undefined
  const ascii = domainToASCII(value)
  if (!ascii) return undefined
  const parsed = parseDomain(ascii)
  if (parsed.isIp) return ascii
  if (parsed.domain === null || parsed.hostname !== ascii) return undefined
  return ascii
}

/**
 * Parses a domain list: one domain per line; hosts-file lines (`0.0.0.0 evil.example`), URLs and
 * `*.domain` are accepted. `#` starts a comment.
 */
export function parseDomainList(text: string): ParsedList<string> {
  return lines(text, (line) => {
    const words = line.split(/\s+/)
    const candidate =
      words.length === 2 && /^(0\.0\.0\.0|127\.0\.0\.1|::1?)$/.test(words[0] as string) ? words[1] : line
    return candidate === undefined ? undefined : normalizeDomain(candidate)
  })
}
