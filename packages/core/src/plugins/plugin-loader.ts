import { stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { moduleResolve } from 'import-meta-resolve'
import { BanterError } from '../errors/banter-error.js'
import type { PluginClass } from './base-plugin.js'
import { CODE_FILE, CONDITIONS, importModule } from './module-import.js'
import { modulePlugins, NO_PLUGIN } from './module-plugins.js'
import { assertCoreCompatible, withPackageMetadata } from './package-metadata.js'
import {
  type FailedEntry,
  loadPluginFile,
  loadPluginFolder,
  loadSinglePluginFolder,
  ownPackageJson,
  packageOrigin,
  type SkippedEntry,
  singlePluginFolder,
} from './plugin-folder.js'

/** The plugins found at a specifier, each as a plugin class, with what a plugin folder left out. */
export interface LoadedModule {
  /** The plugin classes, default export first (every shape is turned into a class). */
  readonly classes: PluginClass[]
  /** What was loaded: the resolved path or package name. */
  readonly source: string
  /**
   * Entries of a plugin folder that are not plugins, each with why (test files, `.d.ts`, non-code
   * files, folders without `package.json` or index, modules that export no plugin). Empty for a
   * file or a package. Meant to be logged at `warn`.
   */
  readonly skipped: SkippedEntry[]
  /**
   * Modules of a plugin folder that failed to load (a throw while importing, a broken manifest), each
   * with its error; the folder's other plugins are in `classes`. Empty for a file or a package, which
   * throw instead. Meant to be shown like a plugin that failed to load.
   */
  readonly failed: FailedEntry[]
}

function isPathLike(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || CODE_FILE.test(specifier)
}

function noPlugins(source: string): BanterError {
  return new BanterError('PLUGIN_EXPORTS_INVALID', `${source} ${NO_PLUGIN}`, { details: { source } })
}

/** Candidate package names for a bare specifier: `timestamp` may mean `@banter/plugin-timestamp`. */
export function packageCandidates(specifier: string): string[] {
  if (specifier.startsWith('@') || specifier.includes('/')) return [specifier]
  return [`@banter/plugin-${specifier}`, `banter-plugin-${specifier}`, specifier]
}

/**
 * Loads the plugins a specifier names, each as a plugin class: an npm package (or the short name of
 * one), a `.js` or `.ts` file, a folder that is one plugin (a `package.json` or an index file), or a
 * plugin folder, whose every code file and every sub-folder with a `package.json` or an index file is
 * a plugin. A module may export plugin classes, a `definePlugin()` object, or plain hook functions
 * (`initialize`, `onMessageReceived`, ...). `.ts` files are loaded with tsx. `fresh` bypasses the
 * module cache (for `reload`).
 *
 * A file or package that exports no plugin, or fails to load, throws. In a plugin folder, entries that
 * are not plugins are listed in `skipped` and modules that fail in `failed`, and the others load; only
 * a folder with no plugin at all throws (`PLUGIN_EXPORTS_INVALID`, listing every entry and why).
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
      const entry = url.protocol === 'file:' ? fileURLToPath(url) : url.href
      const pkg = url.protocol === 'file:' ? await ownPackageJson(entry, name) : undefined
      // Before any of its code runs: a package made for another core is refused by its peer range.
      assertCoreCompatible(name, pkg)
      const exports = await importModule(url, `"${name}"`, fresh)
      const classes = withPackageMetadata(modulePlugins(exports, packageOrigin(entry, name, pkg)), pkg)
      if (classes.length === 0) throw noPlugins(`"${name}"`)
      return { classes, source: name, skipped: [], failed: [] }
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
      { cause: error },
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
    const classes = await loadPluginFile(path, fresh)
    if (classes.length === 0) throw noPlugins(path)
    return { classes, source: path, skipped: [], failed: [] }
  }
  const single = await singlePluginFolder(path)
  if (single) {
    const classes = await loadSinglePluginFolder(path, single, fresh)
    if (classes.length === 0) throw noPlugins(path)
    return { classes, source: path, skipped: [], failed: [] }
  }
  const { classes, skipped, failed } = await loadPluginFolder(path, fresh)
  if (classes.length === 0) {
    const lines = [
      ...skipped.map((entry) => `  ${relative(path, entry.path)}: ${entry.reason}`),
      ...failed.map((entry) => `  ${relative(path, entry.path)}: ${entry.error.summary}`),
    ]
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      `no plugin in the folder ${path}${lines.length === 0 ? ': it is empty' : `:\n${lines.join('\n')}`}`,
      { details: { source: path, skipped, failed }, ...(failed[0] ? { cause: failed[0].error } : {}) },
    )
  }
  return { classes, source: path, skipped, failed }
}
