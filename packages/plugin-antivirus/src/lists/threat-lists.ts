import type { ScopedAllowlists } from '../storage/shared-lists.js'
import { DomainSet } from './domain-set.js'
import { ListFile } from './list-file.js'
import { type HashEntry, normalizeDomain, parseDomainList, parseHashList } from './parse-lists.js'
import { SEED_ALLOWLIST, SEED_BLOCKLIST } from './seed-lists.js'

/** Where the lists come from. */
export interface ThreatListSources {
  /** Digests from the options. */
  readonly sha256: readonly HashEntry[]
  /** Digest list files. */
  readonly sha256Files: readonly string[]
  /** Blocked domains from the options. */
  readonly blocklist: readonly string[]
  /** Blocked-domain list files. */
  readonly blocklistFiles: readonly string[]
  /** Allowed domains from the options. */
  readonly allowlist: readonly string[]
  /** Allowed-domain list files. */
  readonly allowlistFiles: readonly string[]
  /** Include the bundled seed lists. */
  readonly useSeedLists: boolean
}

/** What a reload did. */
export interface ListsReload {
  /** The digest list changed (cached file verdicts are stale). */
  readonly hashesChanged: boolean
  /** A domain list changed. */
  readonly domainsChanged: boolean
  /** Problems worth a log line: unreadable files, skipped lines. */
  readonly problems: readonly string[]
}

function domainsOf(values: readonly string[], where: string, problems: string[]): string[] {
  const out: string[] = []
  for (const value of values) {
    const domain = normalizeDomain(value)
    if (domain === undefined) problems.push(`${where}: "${value}" is not a domain name; ignored`)
    else out.push(domain)
  }
  return out
}

/**
 * Every list the plugin matches against: blocked SHA-256 digests, blocked domains and allowed domains,
 * from the options, the bundled seeds, operator files (reloaded on change), and the allowlists moderators
 * extend with `!allowdomain`, one per server (kept in plugin storage, so every shard shares them).
 */
export class ThreatLists {
  #hashes: ReadonlyMap<string, string | undefined> = new Map()
  #blocked = new DomainSet()
  #allowed = new DomainSet()
  #shared: ScopedAllowlists = {}
  #sharedSets = new Map<string, DomainSet>()
  #sources: ThreatListSources
  #hashFiles: ListFile<HashEntry>[]
  #blockFiles: ListFile<string>[]
  #allowFiles: ListFile<string>[]
  readonly #configProblems: string[] = []
  #configBlocked: string[]
  #configAllowed: string[]

  constructor(sources: ThreatListSources) {
    this.#sources = sources
    this.#hashFiles = sources.sha256Files.map((path) => new ListFile(path, parseHashList))
    this.#blockFiles = sources.blocklistFiles.map((path) => new ListFile(path, parseDomainList))
    this.#allowFiles = sources.allowlistFiles.map((path) => new ListFile(path, parseDomainList))
    this.#configBlocked = domainsOf(sources.blocklist, 'links.blocklist', this.#configProblems)
    this.#configAllowed = domainsOf(sources.allowlist, 'links.allowlist', this.#configProblems)
    this.#rebuildHashes()
    this.#rebuildDomains()
  }

  /**
   * Takes new sources (options changed at run time): the lists from the options are rebuilt and the
   * list files read again. An unreadable file throws `ANTIVIRUS_LIST_UNREADABLE` and nothing changes.
   * The allowlists moderators keep in storage stay as they are.
   */
  async reconfigure(sources: ThreatListSources): Promise<void> {
    const next = new ThreatLists(sources)
    await next.reload(true)
    this.#sources = sources
    this.#hashFiles = next.#hashFiles
    this.#blockFiles = next.#blockFiles
    this.#allowFiles = next.#allowFiles
    this.#configBlocked = next.#configBlocked
    this.#configAllowed = next.#configAllowed
    this.#configProblems.splice(0, this.#configProblems.length, ...next.#configProblems)
    this.#rebuildHashes()
    this.#rebuildDomains()
  }

  /** Blocked digests and the name to report for each. */
  get hashes(): ReadonlyMap<string, string | undefined> {
    return this.#hashes
  }

  /** Blocked domains. */
  get blocked(): DomainSet {
    return this.#blocked
  }

  /** Domains allowed everywhere: seeds, options and files (the operator's lists). */
  get allowed(): DomainSet {
    return this.#allowed
  }

  /**
   * The domain `hostname` is allowed under, if any: everywhere (the operator's lists), or in `scope`
   * (a guild id, or `@dm`) through `!allowdomain`. Without a scope only the operator's lists count.
   */
  allowedDomain(hostname: string, scope?: string): string | undefined {
    const everywhere = this.#allowed.match(hostname)
    if (everywhere !== undefined || scope === undefined) return everywhere
    return this.#sharedSets.get(scope)?.match(hostname)
  }

  /** The domains moderators allowed in `scope` with `!allowdomain`. */
  allowedIn(scope: string): readonly string[] {
    return this.#shared[scope] ?? []
  }

  /** Problems found in the options (reported once at start). */
  get configProblems(): readonly string[] {
    return this.#configProblems
  }

  /**
   * Replaces the per-scope allowlists kept in storage (from `!allowdomain`). Returns whether they
   * changed.
   */
  setShared(lists: ScopedAllowlists): boolean {
    if (JSON.stringify(lists) === JSON.stringify(this.#shared)) return false
    this.#shared = lists
    this.#sharedSets = new Map(
      Object.entries(lists).map(([scope, domains]) => [
        scope,
        new DomainSet(Array.isArray(domains) ? domains : []),
      ]),
    )
    return true
  }

  /**
   * Re-reads every list file that changed. With `strict`, the first unreadable file throws
   * `ANTIVIRUS_LIST_UNREADABLE` (used at start-up); otherwise it keeps its previous entries and is
   * reported in `problems`.
   */
  async reload(strict = false): Promise<ListsReload> {
    const problems: string[] = []
    const run = async <Entry>(files: readonly ListFile<Entry>[]): Promise<boolean> => {
      let changed = false
      for (const file of files) {
        try {
          const result = await file.reload()
          changed ||= result.changed
          if (result.skippedCount > 0) {
            problems.push(
              `${file.path}: ${result.skippedCount} line(s) skipped (not understood): ${result.skipped.join('; ')}`,
            )
          }
        } catch (error) {
          if (strict) throw error
          problems.push(`${(error as Error).message.split('\n')[0]}; keeping its previous entries`)
        }
      }
      return changed
    }
    const hashesChanged = await run(this.#hashFiles)
    const blockedChanged = await run(this.#blockFiles)
    const allowedChanged = await run(this.#allowFiles)
    if (hashesChanged) this.#rebuildHashes()
    if (blockedChanged || allowedChanged) this.#rebuildDomains()
    return { hashesChanged, domainsChanged: blockedChanged || allowedChanged, problems }
  }

  #rebuildHashes(): void {
    const map = new Map<string, string | undefined>()
    for (const entry of this.#sources.sha256) map.set(entry.sha256, entry.name)
    for (const file of this.#hashFiles) for (const entry of file.entries) map.set(entry.sha256, entry.name)
    this.#hashes = map
  }

  #rebuildDomains(): void {
    const seedBlocked = this.#sources.useSeedLists ? SEED_BLOCKLIST : []
    const seedAllowed = this.#sources.useSeedLists ? SEED_ALLOWLIST : []
    this.#blocked = new DomainSet([
      ...seedBlocked,
      ...this.#configBlocked,
      ...this.#blockFiles.flatMap((f) => f.entries),
    ])
    this.#allowed = new DomainSet([
      ...seedAllowed,
      ...this.#configAllowed,
      ...this.#allowFiles.flatMap((f) => f.entries),
    ])
  }
}
