import { loadPluginModule, validateOptions } from '@banter/core'
import { runPluginValidate } from '../cli/plugin-validate.js'
import { APP_DIR } from '../runtime/app-dir.js'
import type { BotProject } from './bot-project.js'

/** What {@link checkInstalledPlugin} found. */
export interface PluginCheck {
  /** Whether every check of `banter plugin validate` passed. */
  readonly ok: boolean
  /** The lines of the failed checks. */
  readonly problems: readonly string[]
  /** The manifest names of the package's plugins. */
  readonly names: readonly string[]
  /** The default options of the first plugin (what its schema makes of no options), if an object. */
  readonly defaults: Record<string, unknown>
}

/**
 * Runs `banter plugin validate` on a package installed in the project (loads it, checks its manifest
 * and options schema, starts it on a test bot), and reads its default options.
 */
export async function checkInstalledPlugin(project: BotProject, packageName: string): Promise<PluginCheck> {
  const problems: string[] = []
  const code = await runPluginValidate(
    packageName,
    { out: () => {}, err: (text) => void problems.push(text.replace(/^✗ /, '')) },
    { baseDir: project.dir },
  )
  if (code !== 0) return { ok: false, problems, names: [], defaults: {} }
  const loaded = await loadPluginModule(packageName, project.dir, false, [APP_DIR])
  const names = loaded.classes.map((cls) => cls.manifest.name)
  const first = loaded.classes[0]
  const parsed = first?.configSchema
    ? await validateOptions(first.manifest.name, first.configSchema, undefined).catch(() => undefined)
    : undefined
  const defaults =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {}
  return { ok: true, problems, names, defaults }
}
