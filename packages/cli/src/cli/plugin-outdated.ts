import { botProject, projectCoreVersion, projectPlugins } from '../npm/bot-project.js'
import { type PluginUpdate, pluginUpdate } from '../npm/plugin-updates.js'
import type { CliIo } from './io.js'
import type { ProjectCommandOptions } from './plugin-install.js'

/**
 * The updates of the project's plugin packages: for each, the newest version that fits the project's
 * @banter/core and the newest of all. Throws nothing: a package the registry does not answer for is
 * reported as such.
 */
export async function projectUpdates(
  options: ProjectCommandOptions,
  only?: string,
): Promise<{ updates: PluginUpdate[]; failures: string[]; checked: number }> {
  const project = botProject(options.config)
  const core = projectCoreVersion(project)
  const npm = { cwd: project.dir, registry: options.registry, env: options.env ?? process.env }
  const updates: PluginUpdate[] = []
  const failures: string[] = []
  const plugins = projectPlugins(project).filter((p) => only === undefined || p.name === only)
  for (const plugin of plugins) {
    if (!plugin.version) continue
    try {
      const update = await pluginUpdate(plugin.name, plugin.version, core, npm)
      if (update) updates.push(update)
    } catch (error) {
      failures.push(`${plugin.name}: ${(error as Error).message}`)
    }
  }
  return { updates, failures, checked: plugins.length }
}

/** `banter plugin outdated`: a line per plugin package with a newer version; exit 0 either way. */
export async function runPluginOutdated(io: CliIo, options: ProjectCommandOptions): Promise<number> {
  const { updates, failures, checked } = await projectUpdates(options)
  for (const failure of failures) io.err(failure)
  if (updates.length === 0) {
    io.out(`All ${checked} plugin package${checked === 1 ? ' is' : 's are'} up to date.`)
    return failures.length > 0 ? 1 : 0
  }
  const rows = [
    ['package', 'current', 'compatible', 'latest'],
    ...updates.map((u) => [u.name, u.current, u.compatible ?? '-', u.latest]),
  ]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  for (const row of rows)
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
  if (updates.some((u) => u.compatible !== u.latest))
    io.out(
      '\n"compatible" is the newest version made for this bot\'s @banter/core; newer ones need another core.',
    )
  io.out('`banter plugin update [name]` installs the compatible versions.')
  return failures.length > 0 ? 1 : 0
}
