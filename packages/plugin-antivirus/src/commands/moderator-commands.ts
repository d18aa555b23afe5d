import { type PluginContext, z } from '@banter/core'
import type { ClamavEngine } from '../engines/clamav/clamav-engine.js'
import { normalizeDomain } from '../lists/parse-lists.js'
import type { ThreatLists } from '../lists/threat-lists.js'
import { parseDomain } from '../lists/tldts.js'
import { extractLinks } from '../message/link-extractor.js'
import type { MessageScanner } from '../message/message-scanner.js'
import { findSecrets } from '../message/secrets.js'
import type { ResolvedAntivirusOptions } from '../options.js'
import type { ScanCache } from '../scan/scan-cache.js'
import type { ScanStats } from '../scan/scan-stats.js'
import type { QuarantineRecord, QuarantineStore } from '../storage/quarantine-store.js'
import { DM_SCOPE, describeScope, scopeOf } from '../storage/scope.js'

/** What the moderator commands read and change. */
export interface ModeratorCommandDeps {
  readonly stats: ScanStats
  readonly lists: ThreatLists
  readonly cache: ScanCache
  readonly quarantine: QuarantineStore
  readonly scanner: MessageScanner
  readonly clamav: ClamavEngine | undefined
  /** Adds a normalised domain to the allowlist of one scope (a guild id). */
  allowDomain(scope: string, domain: string): Promise<void>
}

const MODERATORS = ['moderator']

// User input echoed in a reply: short, on one line, no Markdown code fences.
function excerpt(text: string): string {
  const flat = text.replace(/[\r\n`]+/g, ' ').trim()
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat
}

async function statsText(
  ctx: PluginContext<ResolvedAntivirusOptions>,
  deps: ModeratorCommandDeps,
  scope: string,
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
    `Lists: ${lists.blocked.size} blocked domains, ${lists.allowed.size} allowed everywhere, ${lists.allowedIn(scope).length} allowed in this ${scope === DM_SCOPE ? 'DM scope' : 'server'}, ${lists.hashes.size} blocked SHA-256; cache ${cache.size} verdicts; failMode ${ctx.config.failMode}`,
  ]
  if (clamav) {
    const version = await clamav.client.version()
    lines.push(`clamd ${clamav.client.where}: ${version ? `up (${version})` : 'DOWN'}`)
  }
  return lines.join('\n')
}

function recordLine(r: QuarantineRecord): string {
  const when = new Date(r.time).toISOString().replace('T', ' ').slice(0, 19)
  const what = r.fileName ? `\`${r.fileName}\`${r.sha256 ? ` ${r.sha256.slice(0, 12)}…` : ''}` : 'message'
  return `• ${when} ${what} by ${r.authorName} (${r.authorId}) in ${r.channelId}: ${r.threats.join(', ')} [id ${r.id}]`
}

/**
 * Why `input` cannot be allowed, or the domain to allow. A leaked secret is refused without repeating
 * it; so are URLs with a user name, IP-less nonsense and public suffixes (allowing `github.io` would
 * allow every site under it).
 */
export function checkDomainArgument(input: string): { domain: string } | { refusal: string } {
  if (findSecrets(input).length > 0) {
    return {
      refusal:
        'That looks like a secret (a token or API key), not a domain: nothing was allowed. Reset that secret now, then give a domain such as `example.com`.',
    }
  }
  const domain = input.includes('@') ? undefined : normalizeDomain(input)
  if (domain === undefined) {
    return {
      refusal: `"${excerpt(input)}" is not a domain name. Give one such as \`example.com\` (no scheme, no path).`,
    }
  }
  const parsed = parseDomain(domain, { allowPrivateDomains: true })
  if (!parsed.isIp && parsed.domain === null) {
    return {
      refusal: `${domain} is a public suffix: allowing it would allow every site under it. Give the site's own domain.`,
    }
  }
  return { domain }
}

/**
 * Registers, for moderators: `!scan stats`, `!quarantine list [count]`, `!quarantine delete <id>` and
 * `!allowdomain <domain>`. Each acts on the server (guild) it is typed in, never on another one;
 * typed in a direct message, quarantine commands act on the direct-message records, and
 * `!allowdomain` is refused (allowing a domain everywhere is the operator's `links.allowlist`).
 */
export function registerModeratorCommands(
  ctx: PluginContext<ResolvedAntivirusOptions>,
  deps: ModeratorCommandDeps,
): void {
  ctx.commands.register({
    name: 'scan',
    description: 'Antivirus counters, lists and engine status (moderators)',
    permissions: MODERATORS,
    args: z.object({ what: z.enum(['stats']) }),
    handler: async ({ message, reply }) => {
      await reply(await statsText(ctx, deps, scopeOf(message)))
    },
  })

  ctx.commands.register({
    name: 'quarantine',
    description: "Lists or deletes this server's quarantine records (moderators)",
    permissions: MODERATORS,
    args: z.object({ action: z.enum(['list', 'delete']), target: z.string().max(200).optional() }),
    handler: async ({ message, args, reply }) => {
      const scope = scopeOf(message)
      if (args.action === 'delete') {
        if (args.target === undefined) {
          await reply('Give the id of the record to delete, as `!quarantine list` shows it.')
          return
        }
        const deleted = await deps.quarantine.delete(scope, args.target)
        await reply(
          deleted
            ? `Deleted quarantine record ${args.target}.`
            : `There is no quarantine record "${excerpt(args.target)}" in ${scope === DM_SCOPE ? 'direct messages' : 'this server'}.`,
        )
        return
      }
      const count = args.target === undefined ? 10 : Number(args.target)
      if (!Number.isInteger(count) || count < 1 || count > 25) {
        await reply('Give how many records to list, from 1 to 25: `!quarantine list 10`.')
        return
      }
      const records = await deps.quarantine.list(scope, count)
      if (records.length === 0) {
        await reply('Quarantine is empty.')
        return
      }
      await reply(`Quarantine, newest first:\n${records.map(recordLine).join('\n')}`)
    },
  })

  ctx.commands.register({
    name: 'allowdomain',
    description: 'Allows a domain and its subdomains in links, in this server (moderators)',
    permissions: MODERATORS,
    args: z.object({ domain: z.string().min(1) }),
    handler: async ({ message, args, reply }) => {
      const scope = scopeOf(message)
      if (scope === DM_SCOPE) {
        await reply(
          '`!allowdomain` works in a server, for that server. To allow a domain in every server, the operator adds it to `links.allowlist` in the antivirus options.',
        )
        return
      }
      const checked = checkDomainArgument(args.domain)
      if ('refusal' in checked) {
        await reply(checked.refusal)
        return
      }
      const { domain } = checked
      // The same link checks messages get (without this server's allowlist): say what is overridden.
      const flagged = extractLinks(`https://${domain}/`)
        .map((link) => deps.scanner.checkLink(link)?.name)
        .filter((name): name is string => name !== undefined)
      await deps.allowDomain(scope, domain)
      const note =
        flagged.length > 0 ? ` It is flagged (${flagged.join(', ')}): the allowlist wins here.` : ''
      ctx.logger.info(
        { domain, scope, flagged, by: message.author.id },
        `allowdomain in ${describeScope(scope)}`,
      )
      await reply(`✅ ${domain} and its subdomains are allowed in links in this server now.${note}`)
    },
  })
}
