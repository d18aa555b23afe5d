import type { PluginInfo, PluginManagement } from '@banter/core'

/** A plugin as the dashboard lists it: its info and the plugins a disable would take down with it. */
export interface PluginRow extends PluginInfo {
  /** Active plugins that depend on it, directly or not. */
  readonly dependents: readonly string[]
}

/** The plugins that depend on `name`, directly or through others, that are running. */
export function dependentsOf(plugins: readonly PluginInfo[], name: string): string[] {
  const found = new Set<string>()
  const visit = (target: string) => {
    for (const p of plugins) {
      if (found.has(p.name) || !Object.hasOwn(p.dependencies, target)) continue
      found.add(p.name)
      visit(p.name)
    }
  }
  visit(name)
  return plugins.filter((p) => found.has(p.name) && p.status === 'active').map((p) => p.name)
}

/** Every plugin with its dependents. */
export function pluginRows(admin: PluginManagement): PluginRow[] {
  const plugins = admin.list()
  return plugins.map((p) => ({ ...p, dependents: dependentsOf(plugins, p.name) }))
}

/** The overview: the bot, per-plugin errors and timeouts, and the widgets plugins contribute. */
export function overview(admin: PluginManagement, startedAt: number, now: number) {
  const bot = admin.bot()
  return {
    bot: { ...bot, uptimeMs: now - startedAt },
    plugins: admin.list().map((p) => ({
      name: p.name,
      status: p.status,
      errors: p.stats.errors,
      timeouts: p.stats.timeouts,
      calls: p.stats.calls,
      ...(p.error ? { error: p.error } : {}),
    })),
    widgets: admin.ui.widgets(),
  }
}
