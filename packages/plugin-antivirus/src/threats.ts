import type { ScanVerdict, Threat } from '@banter/core'

/** A threat with where it was found: a path inside an archive (`a.zip/b/eicar.com`) or a host. */
export interface FoundThreat extends Threat {
  /** Path inside the scanned file, or the host of a link. */
  readonly location?: string
  /** What exactly was wrong, when the name alone does not say (an archive mismatch). */
  readonly detail?: string
}

/** What one engine says about one file. */
export interface EngineVerdict {
  /** The verdict. */
  readonly verdict: ScanVerdict
  /** What it found (empty unless `infected`). */
  readonly threats: readonly FoundThreat[]
  /** Why the verdict is `error`: `CODE: what happened`. */
  readonly error?: string
}

/** Threat names the plugin itself gives (ClamAV names pass through as clamd reports them). */
export const THREAT = {
  eicar: 'Eicar-Test-File',
  sha256: 'Blocklist.Sha256',
  executable: (ext: string) => `Heuristics.Executable.${ext}`,
  blockedExtension: (ext: string) => `Heuristics.BlockedExtension.${ext}`,
  /** A file name with bidirectional controls (`invoice\u202Efdp.exe` reads "invoiceexe.pdf"). */
  bidiName: 'Heuristics.FileName.BidiControl',
  mismatch: (declared: string, actual: string) => `Heuristics.ExtensionMismatch.${declared}-is-${actual}`,
  encrypted: 'Heuristics.Encrypted.Zip',
  /** The zip's central directory and its local headers disagree: extractors would not agree on its content. */
  archiveMismatch: 'ARCHIVE_MISMATCH',
  limit: (what: 'Entries' | 'Size' | 'Ratio' | 'Depth') => `Heuristics.Limits.Exceeded.Archive${what}`,
  blockedDomain: 'phishing:blocklisted-domain',
  lookalike: (name: string) => `phishing:lookalike:${name}`,
  brandBait: (name: string) => `phishing:brand-bait:${name}`,
  /** A brand's domain spelled inside another domain: `discord.com.evil.ru`, `steamcommunity.com.ru`. */
  brandSpoof: (name: string) => `phishing:brand-spoof:${name}`,
  /** A link with a user name before its host: `https://discordapp.com@evil.example`. */
  userinfo: 'phishing:userinfo-link',
  maskedLink: 'phishing:masked-link',
  ipLink: 'link:ip-literal',
  punycode: 'link:punycode',
  discordToken: 'secret:discord-bot-token',
  openaiKey: 'secret:openai-api-key',
  massMention: 'spam:mass-mention',
} as const

/** Kinds of finding; each has its own list of actions in the options. */
export type FindingKind = 'file' | 'link' | 'secret' | 'spam' | 'error'

/** The kind of a message-text threat, from its name. */
export function messageThreatKind(threat: Threat): Exclude<FindingKind, 'file' | 'error'> {
  if (threat.name.startsWith('secret:')) return 'secret'
  if (threat.name.startsWith('spam:')) return 'spam'
  return 'link'
}

/** The threats without repeats (same name at the same place). */
export function dedupeThreats(threats: readonly FoundThreat[]): FoundThreat[] {
  const seen = new Set<string>()
  return threats.filter((t) => {
    const key = `${t.name}\u0000${t.location ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
