import type { PluginInfo } from '@banter/core'
import type { CliIo } from './io.js'
import { callAdmin, configProblem, remoteTarget } from './remote-client.js'

/** Options every `banter plugins <action>` against a running bot takes. */
export interface RemoteOptions {
  /** The bot's base URL; without it, the config's `http` section. */
  readonly url?: string | undefined
  /** The config file (for the `http` section). */
  readonly config: string
  /** Print JSON instead of text. */
  readonly json?: boolean | undefined
  /** `scope`: the channel id. */
  readonly channel?: string | undefined
  /** `scope`: the guild id. */
  readonly guild?: string | undefined
}

/** A typed value from the command line: JSON (numbers, booleans, lists, quoted text), else the text. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function patchAt(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>
}

function table(plugins: readonly PluginInfo[]): string[] {
  const rows = plugins.map((p) => [p.name, p.version, p.status, p.permissions.join(', ') || '-'])
  const header = ['PLUGIN', 'VERSION', 'STATUS', 'PERMISSIONS']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  return [header, ...rows].map((cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  )
}

/**
 * `banter plugins list|enable|disable|reload|set|load|unload|audit ...` against a running bot's admin
 * API. Exit 0 on success, 1 when the bot refused or could not be reached (with why).
 */
export async function runPluginsRemote(
  action: string,
  args: readonly string[],
  options: RemoteOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    const target = await remoteTarget(options, env)
    const [name = '', ...rest] = args
    const plugin = `/api/plugins/${encodeURIComponent(name)}`
    let answer: Record<string, unknown>
    if (action === 'list') answer = await callAdmin(target, 'GET', '/api/plugins')
    else if (action === 'enable' || action === 'disable' || action === 'reload')
      answer = await callAdmin(target, 'POST', `${plugin}/${action}`)
    else if (action === 'set') {
      const [path = '', ...value] = rest
      answer = await callAdmin(
        target,
        'PATCH',
        `${plugin}/config`,
        patchAt(path, parseValue(value.join(' '))),
      )
    } else if (action === 'load') {
      const options = rest[0] === undefined ? undefined : parseValue(rest[0])
      answer = await callAdmin(target, 'POST', '/api/plugins', { specifier: name, options })
    } else if (action === 'unload') answer = await callAdmin(target, 'DELETE', plugin)
    else if (action === 'scope') {
      const [state] = rest
      const kind = options.guild ? 'guilds' : 'channels'
      const id = options.guild ?? options.channel
      if (!id || (state !== 'on' && state !== 'off' && state !== 'clear')) {
        io.err('usage: banter plugins scope <name> on|off|clear --channel <id> | --guild <id>')
        return 1
      }
      const at = `${plugin}/scopes/${kind}/${encodeURIComponent(id)}`
      if (state === 'clear') answer = await callAdmin(target, 'DELETE', at)
      else {
        const { scopes } = (await callAdmin(target, 'GET', `${plugin}/scopes`)) as {
          scopes: Record<string, Record<string, object> | undefined>
        }
        answer = await callAdmin(target, 'PUT', at, { ...scopes[kind]?.[id], enabled: state === 'on' })
      }
      answer = {
        ...answer,
        described: `${name} ${state === 'clear' ? 'follows the wider setting' : `is ${state}`} in ${kind === 'guilds' ? 'guild' : 'channel'} ${id}`,
      }
    } else if (action === 'audit') answer = await callAdmin(target, 'GET', '/api/audit')
    else if (action === 'stats') answer = await callAdmin(target, 'GET', '/api/analytics')
    else if (action === 'config') answer = await callAdmin(target, 'GET', `${plugin}/config`)
    else if (action === 'schema') answer = await callAdmin(target, 'GET', `${plugin}/schema`)
    else {
      io.err(`unknown action "${action}"`)
      return 1
    }
    if (options.json || action === 'config' || action === 'schema') {
      io.out(JSON.stringify(answer, null, 2))
      return 0
    }
    for (const line of describe(action, name, answer)) io.out(line)
    return 0
  } catch (error) {
    for (const line of configProblem(error)) io.err(line)
    return 1
  }
}

function describe(action: string, name: string, answer: Record<string, unknown>): string[] {
  if (action === 'list') return table(answer.plugins as PluginInfo[])
  if (action === 'load')
    return (answer.plugins as PluginInfo[]).map((p) => `loaded ${p.name} ${p.version}: ${p.status}`)
  if (action === 'unload') return [`unloaded ${name}`]
  if (action === 'scope') return [String(answer.described)]
  if (action === 'stats') {
    type Line = {
      name: string
      calls: number
      errors: number
      timeouts: number
      p50Ms: number | null
      p99Ms: number | null
    }
    const show = (l: Line) =>
      `  ${l.name}: ${l.calls} calls, ${l.errors} errors, ${l.timeouts} timeouts, p50 ${l.p50Ms ?? '-'} ms, p99 ${l.p99Ms ?? '-'} ms`
    return [
      'most used:',
      ...(answer.mostUsed as Line[]).map(show),
      'most failing:',
      ...(answer.mostFailing as Line[]).map(show),
      'plugins:',
      ...(answer.plugins as Line[]).map(show),
    ]
  }
  if (action === 'set') {
    const changes = answer.changes as { path: string; after: unknown }[]
    if (changes.length === 0) return [`${name}: unchanged`]
    return changes.map((c) => `${name}.${c.path} = ${JSON.stringify(c.after)} (${String(answer.applied)})`)
  }
  if (action === 'audit')
    return (
      answer.entries as {
        seq: number
        at: string
        actor: { id: string; name?: string }
        action: string
        target?: string
        outcome: string
        error?: string
      }[]
    ).map(
      (e) =>
        `#${e.seq} ${e.at} ${e.actor.name ?? e.actor.id} ${e.action} ${e.target ?? ''} ${e.outcome}${e.error ? `: ${e.error}` : ''}`,
    )
  const info = answer.plugin as PluginInfo
  return [`${info.name}: ${info.status}`]
}
