import { type PluginContext, z } from '@banter/core'
import { checkDomainArgument } from '../commands/moderator-commands.js'
import type { ResolvedAntivirusOptions } from '../options.js'
import type { ScanStats } from '../scan/scan-stats.js'
import type { QuarantineStore } from '../storage/quarantine-store.js'
import { describeScope } from '../storage/scope.js'
import { ALLOWLISTS_KEY, type ScopedAllowlists } from '../storage/shared-lists.js'
import { ThreatTimeline } from './threat-timeline.js'

/** What the dashboard page reads and changes. */
export interface DashboardPageDeps {
  readonly stats: ScanStats
  readonly quarantine: QuarantineStore
  readonly allowDomain: (scope: string, domain: string) => Promise<void>
}

/**
 * Registers the dashboard page when the plugin holds `http` and its context serves HTTP (a sandboxed
 * plugin's does not: then there is no page, and the plugin runs on).
 */
export function registerDashboardPages(
  ctx: PluginContext<ResolvedAntivirusOptions>,
  deps: DashboardPageDeps,
): void {
  if (!ctx.can('http')) return
  try {
    register(ctx, deps)
  } catch (error) {
    ctx.logger.info({ err: error }, 'no dashboard page: this context cannot serve HTTP')
  }
}

/**
 * The antivirus page and widget of the dashboard (when the plugin holds its optional `http`):
 * quarantine records of every server with a delete action, threats per hour, the moderators'
 * allowlists with a form to add a domain in a server. Its routes need the admin token (the
 * dashboard calls them for a logged-in operator). Records keep no content, so there is nothing to
 * release: deleting a record is the only action.
 */
function register(ctx: PluginContext<ResolvedAntivirusOptions>, deps: DashboardPageDeps): void {
  const timeline = new ThreatTimeline()
  ctx.events.on('security.threat', (threat) => {
    if (threat.plugin === ctx.name) timeline.add(ctx.timers.now(), threat.threats.length)
  })
  const admin = 'admin' as const
  ctx.http.route({
    method: 'GET',
    path: '/dashboard/quarantine',
    auth: admin,
    handler: async () => ({
      body: {
        rows: (await deps.quarantine.listAll(100)).map((r) => ({
          id: r.id,
          scope: r.scope,
          where: describeScope(r.scope),
          when: new Date(r.time).toISOString(),
          what: r.kind === 'file' ? (r.fileName ?? 'file') : 'message',
          author: r.authorName,
          threats: r.threats.join(', '),
        })),
      },
    }),
  })
  ctx.http.route({
    method: 'DELETE',
    path: '/dashboard/quarantine/:scope/:id',
    auth: admin,
    handler: async ({ params }) => {
      const deleted = await deps.quarantine.delete(params.scope as string, params.id as string)
      return {
        status: deleted ? 200 : 404,
        body: { message: deleted ? `Deleted record ${params.id}.` : `No record ${params.id} (expired?).` },
      }
    },
  })
  ctx.http.route({
    method: 'GET',
    path: '/dashboard/threats',
    auth: admin,
    handler: () => ({ body: { points: timeline.points(ctx.timers.now()) } }),
  })
  ctx.http.route({
    method: 'GET',
    path: '/dashboard/stat/:name',
    auth: admin,
    handler: ({ params }) => {
      const s = deps.stats
      const value = { blocked: s.messagesBlocked, infected: s.filesInfected, scanned: s.filesScanned }[
        params.name as 'blocked'
      ]
      return { status: value === undefined ? 404 : 200, body: { value } }
    },
  })
  ctx.http.route({
    method: 'GET',
    path: '/dashboard/allowlists',
    auth: admin,
    handler: async () => {
      const lists = (await ctx.storage.get<ScopedAllowlists>(ALLOWLISTS_KEY)) ?? {}
      const rows = Object.entries(lists).flatMap(([scope, domains]) =>
        domains.map((domain) => ({ where: describeScope(scope), domain })),
      )
      return { body: { rows } }
    },
  })
  ctx.http.route({
    method: 'POST',
    path: '/dashboard/allowlists',
    auth: admin,
    handler: async ({ body }) => {
      const { guildId, domain } = (body ?? {}) as { guildId?: unknown; domain?: unknown }
      const problems = [
        ...(typeof guildId === 'string' && guildId.trim() !== ''
          ? []
          : [{ path: 'guildId', message: 'the id of the server (guild) to allow the domain in' }]),
        ...(typeof domain === 'string' ? [] : [{ path: 'domain', message: 'a domain such as example.com' }]),
      ]
      const checked = typeof domain === 'string' ? checkDomainArgument(domain) : undefined
      if (checked && 'refusal' in checked) problems.push({ path: 'domain', message: checked.refusal })
      if (problems.length > 0 || !checked || 'refusal' in checked)
        return { status: 400, body: { error: 'the domain was not allowed', issues: problems } }
      await deps.allowDomain((guildId as string).trim(), checked.domain)
      ctx.logger.info({ domain: checked.domain, guildId }, 'allowdomain from the dashboard')
      return { body: { message: `${checked.domain} is allowed in links in server ${guildId}.` } }
    },
  })

  ctx.ui.page({
    id: 'antivirus',
    title: 'Antivirus',
    icon: '🛡',
    body: [
      {
        type: 'markdown',
        text: 'What the antivirus stopped, **in every server**. Records keep who, where and why, never the content.',
      },
      {
        type: 'table',
        title: 'Quarantine',
        columns: [
          { key: 'when', label: 'When' },
          { key: 'where', label: 'Where' },
          { key: 'what', label: 'What' },
          { key: 'author', label: 'Author' },
          { key: 'threats', label: 'Threats' },
        ],
        route: '/dashboard/quarantine',
        rowActions: [
          {
            label: 'Delete',
            route: '/dashboard/quarantine/:scope/:id',
            method: 'DELETE',
            confirm: 'Delete this quarantine record?',
          },
        ],
      },
      { type: 'chart', title: 'Threats per hour (24 h, this process)', route: '/dashboard/threats' },
      {
        type: 'table',
        title: 'Allowed domains (per server)',
        columns: [
          { key: 'where', label: 'Where' },
          { key: 'domain', label: 'Domain' },
        ],
        route: '/dashboard/allowlists',
      },
      {
        type: 'form',
        title: 'Allow a domain in a server',
        schema: allowSchema(),
        route: '/dashboard/allowlists',
        submitLabel: 'Allow',
      },
    ],
  })
  ctx.ui.widget({
    id: 'antivirus',
    title: 'Antivirus',
    body: [
      { type: 'stat', label: 'Messages blocked', route: '/dashboard/stat/blocked' },
      { type: 'stat', label: 'Files infected', route: '/dashboard/stat/infected' },
    ],
  })
}

/** The allowlist form's fields. */
function allowSchema() {
  return z.object({
    guildId: z.string().min(1).meta({ title: 'Server (guild) id', description: 'The server to allow it in' }),
    domain: z.string().min(1).meta({ title: 'Domain', description: 'A domain such as example.com' }),
  })
}
