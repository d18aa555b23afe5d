import { readdir, readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { moduleResolve } from 'import-meta-resolve'
import { BanterError } from '../errors/banter-error.js'
import { isPluginClass, type PluginClass } from './base-plugin.js'

/** Plugin classes found at a specifier. */
export interface LoadedModule {
  /** The classes, default export first. */
  readonly classes: PluginClass[]
  /** What was loaded: the resolved path or package name. */
  readonly source: string
}

// When core itself runs from TypeScript source (vitest, tsx with the source condition), workspace
// packages resolve to their sources too, and the running TS loader imports `.ts` files itself.
const FROM_SOURCE = import.meta.url.endsWith('.ts')
const CONDITIONS = new Set(
  FROM_SOURCE ? ['@banter/source', 'node', 'import', 'default'] : ['node', 'import', 'default'],
)
const TS_FILE = /\.[mc]?ts$/
const CODE_FILE = /\.(?:[mc]?[jt]s)$/
const SKIP_FILE = /\.(?:test|spec|d)\.[mc]?[jt]s$/
let generation = 0

function isPathLike(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || CODE_FILE.test(specifier)
}

async function importFile(path: string, fresh: boolean): Promise<Record<string, unknown>> {
  if (TS_FILE.test(path) && !FROM_SOURCE) {
    const { tsImport } = await import('tsx/esm/api')
    return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>
  }
  const url = pathToFileURL(path).href + (fresh ? `?banter-reload=${++generation}` : '')
  return (await import(url)) as Record<string, unknown>
}

function pluginClasses(module: Record<string, unknown>): PluginClass[] {
  const found: PluginClass[] = []
  const candidates = [module.default, ...Object.values(module)]
  for (const value of candidates) if (isPluginClass(value) && !found.includes(value)) found.push(value)
  return found
}

function noPlugins(source: string): BanterError {
  return new BanterError('PLUGIN_EXPORTS_INVALID', `"${source}" exports no plugin class`, {
    details: { source },
  })
}

/** Candidate package names for a bare specifier: `timestamp` may mean `@banter/plugin-timestamp`. */
export function packageCandidates(specifier: string): string[] {
  if (specifier.startsWith('@') || specifier.includes('/')) return [specifier]
  return [`@banter/plugin-${specifier}`, `banter-plugin-${specifier}`, specifier]
}

/**
 * Loads the plugin classes a specifier names: an npm package (or the short name of one), a `.js` or
 * `.ts` file, a package folder, or a folder whose every code file is loaded. `.ts` files are loaded
 * with tsx. `fresh` bypasses the module cache (for `reload`).
 */
export async function loadPluginModule(
  specifier: string,
  baseDir: string,
  fresh = false,
  resolvePaths: readonly string[] = [],
): Promise<LoadedModule> {
  if (isPathLike(specifier)) return loadPath(resolve(baseDir, specifier), fresh)
  const tried: string[] = []
  for (const name of packageCandidates(specifier)) {
    tried.push(name)
    for (const base of [baseDir, ...resolvePaths]) {
      const url = resolvePackage(name, base)
      if (url === undefined) continue
      const module = await importModule(url, name)
      const classes = pluginClasses(module)
      if (classes.length === 0) throw noPlugins(name)
      return { classes, source: name }
    }
  }
  throw new BanterError(
    'PLUGIN_NOT_FOUND',
    `no plugin "${specifier}": tried the packages ${tried.map((t) => `"${t}"`).join(', ')} from ${baseDir}`,
    {
      hint: `Install it (\`npm install ${tried[0]}\`), or give a path such as ./plugins/${specifier}.ts.`,
    },
  )
}

function resolvePackage(name: string, base: string): URL | undefined {
  try {
    return moduleResolve(name, pathToFileURL(join(base, 'noop.js')), CONDITIONS, false)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined
    throw new BanterError(
      'PLUGIN_NOT_FOUND',
      `plugin package "${name}" could not be resolved: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
}

async function importModule(url: URL, what: string): Promise<Record<string, unknown>> {
  try {
    return url.protocol === 'file:'
      ? await importFile(fileURLToPath(url), false)
      : ((await import(url.href)) as Record<string, unknown>)
  } catch (cause) {
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      `"${what}" failed while loading: ${(cause as Error).message}`,
      { cause },
    )
  }
}

async function loadPath(path: string, fresh: boolean): Promise<LoadedModule> {
  const info = await stat(path).catch(() => undefined)
  if (!info) {
    throw new BanterError('PLUGIN_NOT_FOUND', `no plugin file or folder at ${path}`, {
      hint: 'Check the path; relative paths are resolved from the config file folder.',
    })
  }
  if (info.isFile()) {
    const module = await importPath(path, fresh)
    const classes = pluginClasses(module)
    if (classes.length === 0) throw noPlugins(path)
    return { classes, source: path }
  }
  const manifest = await readFile(join(path, 'package.json'), 'utf8').catch(() => undefined)
  if (manifest !== undefined) {
    const name = (JSON.parse(manifest) as { name?: string }).name
    if (!name)
      throw new BanterError('PLUGIN_EXPORTS_INVALID', `the package at ${path} has no "name" in package.json`)
    const url = moduleResolve(name, pathToFileURL(join(path, 'package.json')), CONDITIONS, false)
    const classes = pluginClasses(await importModule(url, name))
    if (classes.length === 0) throw noPlugins(path)
    return { classes, source: path }
  }
  const files = (await readdir(path)).filter((f) => CODE_FILE.test(f) && !SKIP_FILE.test(f)).sort()
  const classes: PluginClass[] = []
  for (const file of files) {
    for (const cls of pluginClasses(await importPath(join(path, file), fresh)))
      if (!classes.includes(cls)) classes.push(cls)
  }
  if (classes.length === 0) throw noPlugins(path)
  return { classes, source: path }
}

async function importPath(path: string, fresh: boolean): Promise<Record<string, unknown>> {
  try {
    return await importFile(path, fresh)
  } catch (cause) {
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      `${path} failed while loading: ${(cause as Error).message}`,
      { cause },
    )
  }
}
