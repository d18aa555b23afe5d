import {
  isBanterError,
  loadPluginModule,
  type OptionIssue,
  validateManifest,
  validateOptions,
} from '@banter/core'
import { ConfigError, type ConfigProblem, formatProblem } from '../config/config-problem.js'
import { type LoadedConfig, loadConfig } from '../config/load-config.js'
import { APP_DIR } from '../runtime/app-dir.js'
import { pluginEntries } from '../runtime/plugin-entries.js'
import type { CliIo } from './io.js'

/**
 * Validates a whole configuration: the file itself, the Discord section, and every plugin's options
 * against the plugin's own schema (plugins are loaded, not started). Resolves to every problem.
 */
export async function checkConfig(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ loaded?: LoadedConfig; problems: ConfigProblem[] }> {
  let loaded: LoadedConfig
  try {
    loaded = await loadConfig(path, env)
  } catch (error) {
    if (error instanceof ConfigError) return { problems: [...error.problems] }
    throw error
  }
  const problems: ConfigProblem[] = []
  const at = (p: readonly PropertyKey[]) => ({ file: loaded.file, ...loaded.locate(p), path: p })
  const { config } = loaded
  if (config.discord) {
    const { discordAdapterOptionsSchema } = await import('@banter/discord')
    const { shards: _shards, shardSpawnDelayMs: _delay, shardList: _list, ...rest } = config.discord
    const result = discordAdapterOptionsSchema.safeParse(rest)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const p = ['discord', ...(issue.path as PropertyKey[])]
        problems.push({
          ...at(p),
          message: p.includes('token') ? 'is not a valid token' : issue.message,
          hint: 'See docs/deploy.md for the Discord settings.',
        })
      }
    }
  }
  for (const entry of pluginEntries(config)) {
    const [specifier, options] = Array.isArray(entry)
      ? (entry as [string, unknown])
      : [entry as string, undefined]
    const key = config.pluginDirs.includes(specifier)
      ? ['pluginDirs', config.pluginDirs.indexOf(specifier)]
      : ['plugins', specifier]
    try {
      const { classes } = await loadPluginModule(specifier, loaded.dir, false, [APP_DIR])
      for (const cls of classes) {
        const manifest = validateManifest(cls.manifest, specifier)
        await validateOptions(manifest.name, cls.configSchema, options)
      }
    } catch (error) {
      if (!isBanterError(error)) throw error
      const issues = (error.details.issues as OptionIssue[] | undefined) ?? undefined
      if (error.code === 'CONFIG_INVALID' && issues) {
        for (const issue of issues)
          problems.push({ ...at([...key, ...issue.path]), message: issue.message, hint: error.hint })
      } else {
        problems.push({ ...at(key), message: error.summary, hint: error.hint })
      }
    }
  }
  return { loaded, problems }
}

/** `banter config check`: prints each problem with file, line, path, what and what to do; exit 1 if any. */
export async function runConfigCheck(
  path: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { loaded, problems } = await checkConfig(path, env)
  if (problems.length > 0) {
    for (const problem of problems) io.err(formatProblem(problem))
    io.err(`\n${problems.length} problem${problems.length > 1 ? 's' : ''} in ${problems[0]?.file}`)
    return 1
  }
  const count = loaded ? pluginEntries(loaded.config).length : 0
  io.out(
    `✓ ${loaded?.file} is valid (${count} plugin${count === 1 ? '' : 's'}, adapter ${loaded?.config.adapter})`,
  )
  return 0
}
