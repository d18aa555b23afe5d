import { performance } from 'node:perf_hooks'
import {
  type ChatMessage,
  changedPaths,
  type FileInput,
  type FileMeta,
  type PluginContext,
  type PluginManifest,
  type ScanResult,
  SECURITY_PRIORITY,
  SecurityPlugin,
  STOP,
  type Stop,
} from '@banter/core'
import type { Finding } from './actions/finding.js'
import { ThreatResponder } from './actions/threat-responder.js'
import { registerModeratorCommands } from './commands/moderator-commands.js'
import { registerDashboardPages } from './dashboard/dashboard-pages.js'
import { ArchiveGuard } from './engines/archive-guard.js'
import { BuiltinEngine } from './engines/builtin/builtin-engine.js'
import { ClamavEngine } from './engines/clamav/clamav-engine.js'
import type { FileEngine } from './engines/file-engine.js'
import { scanError } from './errors.js'
import { ThreatLists } from './lists/threat-lists.js'
import { MessageScanner } from './message/message-scanner.js'
import { MessageInspector } from './message-inspector.js'
import { antivirusOptionsSchema, type ResolvedAntivirusOptions } from './options.js'
import { FileScanner, type FileScanResult } from './scan/file-scanner.js'
import { ScanCache } from './scan/scan-cache.js'
import { ScanStats } from './scan/scan-stats.js'
import { QuarantineStore } from './storage/quarantine-store.js'
import {
  ALLOWLISTS_KEY,
  allowDomainIn,
  LEGACY_ALLOWLIST_KEY,
  type ScopedAllowlists,
  updateStored,
} from './storage/shared-lists.js'
import type { FoundThreat } from './threats.js'

declare module '@banter/core' {
  interface BotEvents {
    /** The antivirus plugin re-read its list files or the shared allowlist and something changed. */
    'antivirus.lists-reloaded': {
      readonly blockedDomains: number
      readonly allowedDomains: number
      readonly blockedHashes: number
    }
  }
}

/** Options that only feed the threat lists: a change to them is taken without a restart. */
const LIVE_LISTS = [
  'links.blocklist',
  'links.blocklistFiles',
  'links.allowlist',
  'links.allowlistFiles',
  'links.useSeedLists',
  'builtin.sha256Blocklist',
  'builtin.sha256BlocklistFiles',
]

/** The threat-list sources of a set of options. */
function listSources(config: ResolvedAntivirusOptions) {
  return {
    sha256: config.builtin.sha256Blocklist.map((e) => ({ sha256: e.sha256, name: e.name })),
    sha256Files: config.builtin.sha256BlocklistFiles,
    blocklist: config.links.blocklist,
    blocklistFiles: config.links.blocklistFiles,
    allowlist: config.links.allowlist,
    allowlistFiles: config.links.allowlistFiles,
    useSeedLists: config.links.useSeedLists,
  }
}

/**
 * Scans attachments and message text before any other plugin sees them, and stops what is bad.
 * Engines: `builtin` (no server) and `clamav` (clamd over TCP or a unix socket), in order. Provides
 * the `scanner` service. See the README for options, actions and limits.
 */
export class AntivirusPlugin extends SecurityPlugin<ResolvedAntivirusOptions> {
  static manifest = {
    name: 'antivirus',
    version: '0.1.0',
    description: 'Scans attachments and links with a built-in engine and ClamAV; stops threats first',
    permissions: ['messages:read', 'messages:transform', 'messages:send', 'messages:delete', 'storage'],
    // Serves its dashboard page (quarantine, threats, allowlists) when the operator leaves it on.
    optionalPermissions: ['http'],
    emits: ['security.threat'],
    priority: SECURITY_PRIORITY,
    // A scan that fails or hangs stops the message rather than letting it through, and the circuit
    // breaker never switches the scanner off (core `failClosed`).
    failClosed: true,
    hookTimeoutMs: 30_000,
    provides: ['scanner'],
  } satisfies PluginManifest

  static configSchema = antivirusOptionsSchema

  /** Counters since start (`!scan stats`). */
  readonly stats = new ScanStats()
  #lists!: ThreatLists
  #cache!: ScanCache
  #files!: FileScanner
  #text!: MessageScanner
  #inspector!: MessageInspector
  #responder!: ThreatResponder
  #clamav: ClamavEngine | undefined

  override async initialize(ctx: PluginContext<ResolvedAntivirusOptions>): Promise<void> {
    const config = ctx.config
    this.#lists = new ThreatLists(listSources(config))
    for (const problem of this.#lists.configProblems) ctx.logger.warn(problem)
    const loaded = await this.#lists.reload(true)
    for (const problem of loaded.problems) ctx.logger.warn(problem)
    this.#lists.setShared((await ctx.storage.get<ScopedAllowlists>(ALLOWLISTS_KEY)) ?? {})
    const legacy = await ctx.storage.get<string[]>(LEGACY_ALLOWLIST_KEY)
    if (Array.isArray(legacy) && legacy.length > 0) {
      ctx.logger.warn(
        { domains: legacy.slice(0, 50) },
        `${legacy.length} domain(s) allowed with !allowdomain by an earlier version applied to every server, and are no longer honoured: moderators add them again in their own server, or the operator puts the ones wanted everywhere in links.allowlist`,
      )
    }

    const engines: FileEngine[] = config.engines.map((name) => {
      if (name === 'builtin') return new BuiltinEngine(config.builtin, () => this.#lists.hashes)
      this.#clamav ??= new ClamavEngine(config.clamav)
      return this.#clamav
    })
    // The archive limits run before clamd whatever the engines (clamd misses zip64 bombs).
    if (config.engines[0] !== 'builtin') engines.unshift(new ArchiveGuard(config.builtin.archives))
    this.#cache = new ScanCache({ ...config.cache, now: () => ctx.timers.now() })
    this.#files = new FileScanner({
      engines,
      cache: this.#cache,
      stats: this.stats,
      maxFileSize: config.maxFileSize,
    })
    this.#text = new MessageScanner(
      {
        links: config.links,
        secrets: config.secrets.enabled,
        massMentionThreshold: config.massMentionThreshold,
      },
      this.#lists,
    )
    this.#inspector = new MessageInspector({
      options: config,
      files: this.#files,
      text: this.#text,
      stats: this.stats,
      logger: ctx.logger,
      prefix: ctx.bot.prefix,
      signal: ctx.signal,
    })
    const quarantine = new QuarantineStore(ctx.storage, config.quarantineTtlMs)
    this.#responder = new ThreatResponder(ctx, quarantine)
    registerModeratorCommands(ctx, {
      stats: this.stats,
      lists: this.#lists,
      cache: this.#cache,
      quarantine,
      scanner: this.#text,
      clamav: this.#clamav,
      allowDomain: (scope, domain) => this.#allowDomain(scope, domain),
    })
    registerDashboardPages(ctx, {
      stats: this.stats,
      quarantine,
      allowDomain: (scope, domain) => this.#allowDomain(scope, domain),
    })
    ctx.timers.setInterval(() => this.reloadLists(), config.reloadIntervalMs)
    this.provideScanner(ctx)
    if (this.#clamav && !(await this.#clamav.client.ping())) {
      ctx.logger.warn(
        `clamd does not answer at ${this.#clamav.client.where}; with failMode "${config.failMode}" files are ${config.failMode === 'closed' ? 'blocked' : 'let through unscanned'} until it does`,
      )
    }
    ctx.logger.info(
      {
        engines: config.engines,
        blockedDomains: this.#lists.blocked.size,
        blockedHashes: this.#lists.hashes.size,
      },
      'antivirus ready',
    )
  }

  /**
   * Re-reads list files that changed and the allowlist moderators share through storage (the plugin
   * calls it every `reloadIntervalMs`). A file that became unreadable keeps its previous entries.
   */
  /**
   * Takes new blocklists and allowlists (domains, digests, their files, the seed lists) at once: the
   * lists are rebuilt and cached file verdicts dropped. Any other option restarts the plugin.
   */
  override async onConfigChange(
    next: ResolvedAntivirusOptions,
    previous: ResolvedAntivirusOptions,
  ): Promise<'restart' | undefined> {
    const changed = changedPaths(previous, next).map((path) => path.join('.'))
    if (!changed.every((path) => LIVE_LISTS.some((key) => path === key || path.startsWith(`${key}.`))))
      return 'restart'
    await this.#lists.reconfigure(listSources(next))
    for (const problem of this.#lists.configProblems) this.ctx.logger.warn(problem)
    this.#cache.clear()
    this.ctx.logger.info(
      { blockedDomains: this.#lists.blocked.size, blockedHashes: this.#lists.hashes.size },
      'antivirus lists changed',
    )
    return undefined
  }

  async reloadLists(): Promise<void> {
    const { logger, storage, events } = this.ctx
    const result = await this.#lists.reload(false)
    for (const problem of result.problems) logger.warn(problem)
    const sharedChanged = this.#lists.setShared((await storage.get<ScopedAllowlists>(ALLOWLISTS_KEY)) ?? {})
    if (result.hashesChanged) this.#cache.clear()
    if (result.hashesChanged || result.domainsChanged || sharedChanged) {
      const counts = {
        blockedDomains: this.#lists.blocked.size,
        allowedDomains: this.#lists.allowed.size,
        blockedHashes: this.#lists.hashes.size,
      }
      logger.info(counts, 'antivirus lists reloaded')
      await events.emit('antivirus.lists-reloaded', counts)
    }
  }

  /** Scans a file with the configured engines (the `scanner` service). */
  scanFile(input: FileInput, meta?: FileMeta): Promise<FileScanResult> {
    return this.#files.scan(input, meta, this.ctx.signal)
  }

  /**
   * Scans message text: links, leaked secrets, mass mentions (the `scanner` service). Only the
   * operator's allowlists apply: domains moderators allowed in one server do not.
   */
  async scanMessage(text: string): Promise<ScanResult & { readonly threats: readonly FoundThreat[] }> {
    const started = performance.now()
    const threats = this.#text.scan(text)
    const scanTimeMs = performance.now() - started
    return threats.length > 0
      ? { safe: false, verdict: 'infected', threats, scanTimeMs }
      : { safe: true, verdict: 'clean', threats, scanTimeMs }
  }

  /**
   * Runs first in the inbound pipeline: a message with an infected attachment, a bad link, a leaked
   * secret or mass mentions is handled (delete, warn, quarantine, report, event) and stopped.
   * It never throws: an unexpected failure is handled by the fail mode.
   */
  override async onMessageReceived(message: ChatMessage): Promise<Stop | undefined> {
    if (message.content === '' && message.attachments.length === 0) return undefined
    let findings: Finding[]
    try {
      findings = await this.#inspector.inspect(message)
    } catch (error) {
      const closed =
        message.attachments.length > 0
          ? this.ctx.config.failMode === 'closed'
          : this.ctx.config.messageFailMode === 'closed'
      this.ctx.logger.error(
        { err: error, messageId: message.id },
        `scanning message ${message.id} failed; failMode ${closed ? 'closed: blocking it' : 'open: letting it through'}`,
      )
      if (!closed) return undefined
      const reason = scanError('ANTIVIRUS_ENGINE_FAILED', (error as Error).message)
      findings = message.attachments.map((a) => ({
        kind: 'error' as const,
        threats: [],
        file: { name: a.name },
        error: reason,
      }))
      if (findings.length === 0) findings = [{ kind: 'error', threats: [], error: reason }]
    }
    if (findings.length === 0) return undefined
    this.stats.messagesBlocked += 1
    try {
      const actions = await this.#responder.respond(message, findings)
      this.ctx.logger.info(
        { messageId: message.id, channelId: message.channelId, authorId: message.author.id, actions },
        `stopped message ${message.id}: ${findings.map((f) => f.threats.map((t) => t.name).join(', ') || f.error).join('; ')}`,
      )
    } catch (error) {
      this.ctx.logger.error(
        { err: error, messageId: message.id },
        'antivirus actions failed; the message is stopped anyway',
      )
    }
    return STOP
  }

  // Adds a normalised domain to the allowlist of one scope (a guild, never every server).
  async #allowDomain(scope: string, domain: string): Promise<void> {
    const lists = await updateStored(this.ctx.storage, ALLOWLISTS_KEY, allowDomainIn(scope, domain))
    this.#lists.setShared(lists)
  }
}
