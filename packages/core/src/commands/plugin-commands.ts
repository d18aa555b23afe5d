import { z } from 'zod'
import type { UsageAnalytics, UsageLine } from '../analytics/usage-analytics.js'
import type { AuditActor } from '../audit/audit-log.js'
import { isSecretPath } from '../config/option-paths.js'
import { secretPaths } from '../config/options-json-schema.js'
import { BanterError } from '../errors/banter-error.js'
import type { ChatMessage } from '../messages/chat-message.js'
import type { PluginAdmin } from '../plugins/plugin-admin.js'
import type { PluginManager } from '../plugins/plugin-manager.js'
import type { GuardedOwner } from '../runtime/guard.js'
import { type AccessConfig, messageHasAccess } from './access.js'
import type { CommandDefinition } from './command.js'
import type { CommandRegistry } from './command-registry.js'
import { tokenize } from './parse-args.js'

/** What the `!plugins` command works with. */
export interface PluginCommandParts {
  readonly registry: CommandRegistry
  readonly owner: GuardedOwner
  readonly access: AccessConfig
  readonly admin: PluginAdmin
  readonly plugins: PluginManager
  readonly analytics: UsageAnalytics
}

const USAGE = [
  'plugins — list plugins',
  'plugins enable|disable|reload <name>',
  'plugins set <name> <path> <value>',
  'plugins scope <name> on|off|clear [#channel|guild]',
  'plugins audit',
  'plugins stats',
]

/** A typed value: JSON (numbers, booleans, quoted strings, lists), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** `{ a: { b: value } }` for the path `a.b`. */
function patchAt(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>
}

function actorOf(message: ChatMessage): AuditActor {
  return { kind: 'user', id: message.author.id, name: message.author.name, from: message.channelId }
}

/**
 * Registers `!plugins` for the `admin` access level: list, enable, disable, reload, set an option,
 * read the audit log. Anyone else is refused, and the refusal is audited. Secret options cannot be
 * set in chat (the value would stay in the channel).
 */
export function registerPluginCommands(parts: PluginCommandParts): void {
  const { admin, plugins } = parts
  const run = async (message: ChatMessage, raw: string): Promise<string> => {
    const words = tokenize(raw).map((t) => t.text)
    const [action = 'list', name, ...rest] = words
    const actor = actorOf(message)
    if (!messageHasAccess(parts.access, message, ['admin'])) {
      await admin.refused(actor, `chat:${action}`, name, 'not in the admin access level')
      return 'Refused: `!plugins` is for the admin access level only.'
    }
    if (action === 'list') {
      const lines = plugins.list().map((p) => `${p.name} ${p.version} — ${p.status}`)
      return `Plugins:\n${lines.join('\n') || '(none)'}`
    }
    if (action === 'audit') {
      const entries = await admin.auditLog(10)
      const lines = entries.map(
        (e) =>
          `#${e.seq} ${e.at} ${e.actor.name ?? e.actor.id} ${e.action} ${e.target ?? ''} ${e.outcome}${e.error ? `: ${e.error}` : ''}`,
      )
      return `Audit log (newest first):\n${lines.join('\n') || '(empty)'}`
    }
    if (action === 'stats') {
      const report = await parts.analytics.report()
      const show = (l: UsageLine) =>
        `${l.name}: ${l.calls} calls, ${l.errors} errors, ${l.timeouts} timeouts, p99 ${l.p99Ms ?? '-'} ms`
      return [
        'Most used (7 days):',
        ...(report.mostUsed.map(show).length ? report.mostUsed.map(show) : ['(none)']),
        'Most failing:',
        ...(report.mostFailing.map(show).length ? report.mostFailing.map(show) : ['(none)']),
      ].join('\n')
    }
    if (!name) return `Usage:\n${USAGE.join('\n')}`
    if (action === 'enable' || action === 'disable' || action === 'reload') {
      const info = await admin[action](name, actor)
      return `Plugin ${info.name} is ${info.status}.`
    }
    if (action === 'set') {
      const [path, ...value] = rest
      if (!path || value.length === 0) return 'Usage: plugins set <name> <path> <value>'
      const secrets = plugins.get(name) ? secretPaths(plugins.schema(name)) : []
      if (isSecretPath(path.split('.'), secrets))
        return `Refused: ${name}.${path} is a secret; set it through the admin API (it goes to .env) or in .env yourself.`
      const result = await admin.configure(name, patchAt(path, parseValue(value.join(' '))), actor)
      if (result.applied === 'unchanged') return `${name}.${path} already has that value.`
      return `${name}: ${result.changes.map((c) => `${c.path} = ${JSON.stringify(c.after)}`).join(', ')} (${result.applied}).`
    }
    if (action === 'scope') return scope(message, name, rest, actor)
    return `Unknown action "${action}". Usage:\n${USAGE.join('\n')}`
  }
  const scope = async (message: ChatMessage, name: string, rest: string[], actor: AuditActor) => {
    const [state, where = 'here'] = rest
    if (state !== 'on' && state !== 'off' && state !== 'clear')
      return 'Usage: plugins scope <name> on|off|clear [#channel|guild]'
    const guild = where === 'guild'
    if (guild && message.guildId === undefined) return 'Refused: there is no guild here.'
    const id = guild
      ? (message.guildId as string)
      : where === 'here'
        ? message.channelId
        : where.replace(/^<?#|>$/g, '')
    const rule = state === 'clear' ? undefined : { ...current(name, guild, id), enabled: state === 'on' }
    await admin.scope(name, guild ? 'guild' : 'channel', id, rule, actor)
    const place = guild ? `guild ${id}` : `channel ${id}`
    return state === 'clear'
      ? `${name}: ${place} follows the wider setting again.`
      : `${name} is ${state} in ${place}.`
  }
  const current = (name: string, guild: boolean, id: string) => {
    const scopes = admin.scopes(name)
    return (guild ? scopes.guilds : scopes.channels)?.[id] ?? {}
  }
  const command: CommandDefinition<z.ZodObject> = {
    name: 'plugins',
    description: 'Manages plugins (admin): list, enable, disable, reload, set, scope, audit, stats',
    args: z.object({ line: z.string().optional() }),
    // Hidden from !help: only admins may use it (others are refused and audited).
    hidden: true,
    handler: async ({ message, raw, reply }) => {
      let text: string
      try {
        text = await run(message, raw)
      } catch (error) {
        text = `Failed: ${error instanceof BanterError ? error.summary : (error as Error).message}`
        if (error instanceof BanterError && Array.isArray(error.details?.issues))
          text = `Refused: ${(error.details.issues as { path: PropertyKey[]; message: string }[])
            .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
            .join('; ')}`
      }
      await reply(text)
    },
  }
  parts.registry.register(parts.owner, command)
}
