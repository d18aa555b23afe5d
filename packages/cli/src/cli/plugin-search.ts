import { botProject, projectCoreVersion, readProjectPackage } from '../npm/bot-project.js'
import { compatibility, searchPlugins, viewManifest } from '../npm/registry.js'
import type { CliIo } from './io.js'
import type { ProjectCommandOptions } from './plugin-install.js'

/**
 * `banter plugin search [words]`: the registry's packages with the `banter-plugin` keyword (and the
 * words), through the user's npm configuration, each with its version, description, whether it fits
 * the project's @banter/core (its peer range) and whether the project has it.
 */
export async function runPluginSearch(
  words: readonly string[],
  io: CliIo,
  options: ProjectCommandOptions,
): Promise<number> {
  const project = botProject(options.config)
  const npm = { cwd: project.dir, registry: options.registry, env: options.env ?? process.env }
  let hits: Awaited<ReturnType<typeof searchPlugins>>
  try {
    hits = await searchPlugins(words, npm)
  } catch (error) {
    io.err((error as Error).message)
    return 1
  }
  if (hits.length === 0) {
    io.out(`No plugin found${words.length > 0 ? ` for "${words.join(' ')}"` : ''} (keyword banter-plugin).`)
    return 0
  }
  const core = projectCoreVersion(project)
  const deps = readProjectPackage(project).dependencies ?? {}
  const rows = [['name', 'version', 'compatible', 'installed', 'description']]
  for (const hit of hits) {
    // The search index holds no peer ranges: the manifest of the latest version does.
    const manifest = await viewManifest(`${hit.name}@${hit.version}`, npm).catch(() => undefined)
    const fit = manifest ? compatibility(manifest, core) : undefined
    rows.push([
      hit.name,
      hit.version,
      fit === undefined ? '?' : fit.compatible ? 'yes' : `no (${fit.range ?? 'no core range'})`,
      deps[hit.name] === undefined ? 'no' : 'yes',
      hit.description ?? '',
    ])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  for (const row of rows)
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
  io.out(`\n"compatible" is against @banter/core ${core}. Install one with \`banter plugin install <name>\`.`)
  return 0
}
