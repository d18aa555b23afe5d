import { type PluginContext, z } from '@banter/core'
import type { QuarantineStore } from '../actions/quarantine-store.js'
import type { ClamavEngine } from '../engines/clamav/clamav-engine.js'
import type { ThreatLists } from '../lists/threat-lists.js'
import type { ResolvedAntivirusOptions } from '../options.js'
import type { ScanCache } from '../scan/scan-cache.js'
import type { ScanStats } from '../scan/scan-stats.js'

/** What the moderator commands read and change. */
export interface ModeratorCommandDeps {
  readonly stats: ScanStats
  readonly lists: ThreatLists
  readonly cache: ScanCache
  readonly quarantine: QuarantineStore
  readonly clamav: ClamavEngine | undefined
  /** Adds a domain to the shared allowlist; resolves to the normalised domain, or `undefined` if invalid. */
  allowDomain(domain: string): Promise<string | undefined>
}

const MODERATORS = ['moderator']

async function statsText(
  ctx: PluginContext<ResolvedAntivirusOptions>,
  deps: ModeratorCommandDeps,
): Promise<string> {
  const { stats, lists, cache, clamav } = deps
  const engines = [...stats.engines.entries()].map(
    ([name, c]) => `${name} ${c.scans} scans, ${c.infected} infected, ${c.errors} errors`,
  )
  const lines = [
    '🛡️ Antivirus (this bot process)',
    `Files: ${stats.filesScanned} scanned, ${stats.cacheHits} answered from cache, ${stats.filesInfected} infected, ${stats.fileErrors} not scannable, ${stats.passedOnError} let through on error`,
    `Messages: ${stats.messagesScanned} checked, ${stats.messagesFlagged} flagged, ${stats.messagesBlocked} blocked`,
    `Engines: ${ctx.config.engines.join(' → ')}${engines.length ? ` (${engines.join('; ')})` : ''}`,
    `Lists: ${lists.blocked.size} blocked domains, ${lists.allowed.size} allowed, ${lists.hashes.size} blocked SHA-256; cache ${cache.size} verdicts; failMode ${ctx.config.failMode}`,
  ]
  if (clamav) {
    const version = await clamav.client.version()
    lines.push(`clamd ${clamav.client.where}: ${version ? `up (${version})` : 'DOWN'}`)
  }
  return lines.join('\n')
}

/** Registers `!scan stats`, `!quarantine list [count]` and `!allowdomain <domain>`, for moderators. */
export function registerModeratorCommands(
  ctx: PluginContext<ResolvedAntivirusOptions>,
  deps: ModeratorCommandDeps,
): void {
  ctx.commands.register({
    name: 'scan',
    description: 'Antivirus counters, lists and engine status (moderators)',
    permissions: MODERATORS,
    args: z.object({ what: z.enum(['stats']) }),
    handler: async ({ reply }) => {
      await reply(await statsText(ctx, deps))
    },
  })

  ctx.commands.register({
    name: 'quarantine',
    description: 'Lists the newest quarantine records (moderators)',
    permissions: MODERATORS,
    args: z.object({ action: z.enum(['list']), count: z.coerce.number().int().min(1).max(25).optional() }),
    handler: async ({ args, reply }) => {
      const records = await deps.quarantine.list(args.count ?? 10)
      if (records.length === 0) {
        await reply('Quarantine is empty.')
        return
      }
      const lines = records.map((r) => {
        const when = new Date(r.time).toISOString().replace('T', ' ').slice(0, 19)
        const what = r.fileName
          ? `\`${r.fileName}\`${r.sha256 ? ` ${r.sha256.slice(0, 12)}…` : ''}`
          : 'message'
        return `• ${when} ${what} by ${r.authorName} (${r.authorId}) in ${r.channelId}: ${r.threats.join(', ')}`
      })
      await reply(`Quarantine, newest first:\n${lines.join('\n')}`)
    },
  })

  ctx.commands.register({
    name: 'allowdomain',
    description: 'Allows a domain and its subdomains in links (moderators)',
    permissions: MODERATORS,
    args: z.object({ domain: z.string().min(1) }),
    handler: async ({ args, reply }) => {
      const wasBlocked = deps.lists.blocked.match(args.domain.toLowerCase()) !== undefined
      const domain = await deps.allowDomain(args.domain)
      if (domain === undefined) {
        await reply(
          `"${args.domain}" is not a domain name. Give one such as \`example.com\` (no scheme, no path).`,
        )
        return
      }
      const note = wasBlocked ? ' It is also on a blocklist: the allowlist wins.' : ''
      await reply(`✅ ${domain} and its subdomains are allowed in links now.${note}`)
    },
  })
}
