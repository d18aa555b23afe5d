import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { CORE_VERSION } from '@banter/core'

/** The bot project a plugin command works on: its folder, config and package.json. */
export interface BotProject {
  /** The folder of banter.config.yaml (and of package.json, where npm installs). */
  readonly dir: string
  /** The config file, absolute. */
  readonly config: string
}

/** The package.json fields the plugin commands read and write. */
export interface ProjectPackageJson {
  name?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/** The project of a config file path (default `banter.config.yaml` in the current folder). */
export function botProject(config: string): BotProject {
  const file = resolve(config)
  return { dir: dirname(file), config: file }
}

/** The project's package.json, or an empty one when there is none yet. */
export function readProjectPackage(project: BotProject): ProjectPackageJson {
  const file = join(project.dir, 'package.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProjectPackageJson) : {}
}

/** The version of `name` installed in the project's node_modules, if any. */
export function installedVersion(project: BotProject, name: string): string | undefined {
  const file = join(project.dir, 'node_modules', name, 'package.json')
  if (!existsSync(file)) return undefined
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version
}

/**
 * The @banter/core version the project's bot runs: the one in its node_modules, else the one this
 * CLI runs on.
 */
export function projectCoreVersion(project: BotProject): string {
  return installedVersion(project, '@banter/core') ?? CORE_VERSION
}

/** Plugin packages the project depends on: dependencies with the `banter-plugin` keyword installed. */
export function projectPlugins(project: BotProject): { name: string; range: string; version?: string }[] {
  const pkg = readProjectPackage(project)
  const found: { name: string; range: string; version?: string }[] = []
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    const file = join(project.dir, 'node_modules', name, 'package.json')
    if (!existsSync(file)) continue
    const installed = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; keywords?: unknown }
    if (!Array.isArray(installed.keywords) || !installed.keywords.includes('banter-plugin')) continue
    found.push({ name, range, ...(installed.version ? { version: installed.version } : {}) })
  }
  return found
}

/**
 * The config key for a plugin package: `@banter/plugin-x` and `banter-plugin-x` are `x` (the loader
 * finds them by the short name), any other package its full name.
 */
export function pluginKey(packageName: string): string {
  const short = /^(?:@banter\/plugin-|banter-plugin-)([a-z0-9-]+)$/.exec(packageName)
  return short?.[1] ?? packageName
}

/** The package name and range of `name[@range]` (`@scope/name@^1` included). */
export function splitSpec(spec: string): { name: string; range: string | undefined } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0)
  return at === -1 ? { name: spec, range: undefined } : { name: spec.slice(0, at), range: spec.slice(at + 1) }
}
