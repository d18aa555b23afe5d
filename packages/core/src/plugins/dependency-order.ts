// Single functions: the `semver` index loads all of its 47 files.
import satisfies from 'semver/functions/satisfies.js'
import { BanterError } from '../errors/banter-error.js'
import type { PluginRecord } from './plugin-record.js'

/** The outcome of {@link planStart}. */
export interface StartPlan {
  /** Plugins to start, dependencies first. */
  readonly order: PluginRecord[]
  /** Plugins that cannot start, with why. */
  readonly blocked: Map<string, BanterError>
}

function byPriority(a: PluginRecord, b: PluginRecord): number {
  return (b.manifest.priority ?? 0) - (a.manifest.priority ?? 0) || a.order - b.order
}

/**
 * Orders `candidates` so that every plugin starts after its dependencies (hard edges, semver-checked)
 * and after the providers of services it `uses` (soft edges, dropped if they would make a cycle).
 * A missing dependency, a version out of range or a cycle blocks only the plugins involved and those
 * that depend on them; each error names both ends.
 *
 * `active` are plugins already running, which satisfy dependencies without being started again.
 */
export function planStart(
  candidates: readonly PluginRecord[],
  all: ReadonlyMap<string, PluginRecord>,
): StartPlan {
  const blocked = new Map<string, BanterError>()
  const pending = new Map(candidates.map((r) => [r.name, r]))
  const usable = (name: string) => pending.has(name) || all.get(name)?.status === 'active'

  for (const record of candidates) {
    for (const [dep, range] of Object.entries(record.manifest.dependencies ?? {})) {
      const target = all.get(dep)
      if (!target) {
        blocked.set(
          record.name,
          new BanterError(
            'DEPENDENCY_MISSING',
            `plugin "${record.name}" depends on "${dep}" (${range}), which is not loaded`,
            {
              plugin: record.name,
              details: { dependency: dep, range },
            },
          ),
        )
      } else if (!satisfies(target.manifest.version, range, { includePrerelease: true })) {
        blocked.set(
          record.name,
          new BanterError(
            'DEPENDENCY_VERSION',
            `plugin "${record.name}" needs "${dep}" ${range}, but "${dep}" is version ${target.manifest.version}`,
            { plugin: record.name, details: { dependency: dep, range, version: target.manifest.version } },
          ),
        )
      }
    }
  }

  // Cycles: depth-first search over hard edges between loaded plugins.
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (name: string): void => {
    state.set(name, 'visiting')
    stack.push(name)
    for (const dep of Object.keys(all.get(name)?.manifest.dependencies ?? {})) {
      if (!all.has(dep)) continue
      const seen = state.get(dep)
      if (seen === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep]
        const path = cycle.map((n) => `"${n}"`).join(' -> ')
        for (const member of cycle) {
          if (pending.has(member) && !blocked.has(member)) {
            blocked.set(
              member,
              new BanterError('DEPENDENCY_CYCLE', `plugins depend on each other in a cycle: ${path}`, {
                plugin: member,
                details: { cycle },
              }),
            )
          }
        }
      } else if (seen === undefined) visit(dep)
    }
    stack.pop()
    state.set(name, 'done')
  }
  for (const record of candidates) if (!state.has(record.name)) visit(record.name)

  // Whoever depends on a blocked (or inactive, not starting) plugin is blocked too.
  let changed = true
  while (changed) {
    changed = false
    for (const record of candidates) {
      if (blocked.has(record.name)) continue
      for (const dep of Object.keys(record.manifest.dependencies ?? {})) {
        const cause = blocked.get(dep)
        const down = !cause && all.has(dep) && !usable(dep)
        if (cause || down) {
          const why = cause ? cause.summary : `it is ${all.get(dep)?.status}`
          blocked.set(
            record.name,
            new BanterError(
              'DEPENDENCY_DOWN',
              `plugin "${record.name}" depends on "${dep}", which cannot start: ${why}`,
              {
                plugin: record.name,
                details: { dependency: dep },
              },
            ),
          )
          changed = true
          break
        }
      }
    }
  }

  const startable = candidates.filter((r) => !blocked.has(r.name)).sort(byPriority)
  return { order: topological(startable, true) ?? topological(startable, false) ?? startable, blocked }
}

function topological(records: PluginRecord[], withSoftEdges: boolean): PluginRecord[] | undefined {
  const names = new Set(records.map((r) => r.name))
  const providers = new Map<string, string>()
  for (const r of records) for (const service of r.manifest.provides ?? []) providers.set(service, r.name)
  const before = new Map<string, Set<string>>()
  for (const r of records) {
    const deps = new Set(Object.keys(r.manifest.dependencies ?? {}).filter((d) => names.has(d)))
    if (withSoftEdges) {
      for (const service of r.manifest.uses ?? []) {
        const provider = providers.get(service)
        if (provider && provider !== r.name) deps.add(provider)
      }
    }
    before.set(r.name, deps)
  }
  const order: PluginRecord[] = []
  const done = new Set<string>()
  while (order.length < records.length) {
    const next = records.find(
      (r) => !done.has(r.name) && [...(before.get(r.name) ?? [])].every((d) => done.has(d)),
    )
    if (!next) return undefined
    done.add(next.name)
    order.push(next)
  }
  return order
}
