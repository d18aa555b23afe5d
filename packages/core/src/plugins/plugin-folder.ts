import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { moduleResolve } from 'import-meta-resolve'
import { BanterError, isBanterError } from '../errors/banter-error.js'
import type { PluginClass } from './base-plugin.js'
import type { PluginModuleOrigin } from './function-plugin.js'
import { CODE_FILE, CONDITIONS, importModule } from './module-import.js'
import { modulePlugins, NO_PLUGIN } from './module-plugins.js'
import { assertCoreCompatible, type PluginPackageJson, withPackageMetadata } from './package-metadata.js'
import { kebabCase } from './plugin-shape-checks.js'

/** An entry of a plugin folder that is not a plugin, and why. */
export interface SkippedEntry {
  /** The file or folder, absolute. */
  readonly path: string
  /** Why it was skipped, in words for the log. */
  readonly reason: string
}

/** A module of a plugin folder that failed to load; the folder's other plugins loaded without it. */
export interface FailedEntry {
  /** The file or folder, absolute. */
  readonly path: string
  /** What went wrong (`PLUGIN_EXPORTS_INVALID` for a throw while importing, `MANIFEST_INVALID`, ...). */
  readonly error: BanterError
}

/** What a plugin folder holds. */
export interface FolderPlugins {
  readonly classes: PluginClass[]
  readonly skipped: SkippedEntry[]
  readonly failed: FailedEntry[]
}

/** A folder that is one plugin: a package, or a module folder with an index file. */
export type SinglePluginFolder =
  | { readonly kind: 'package'; readonly packageJson: string }
  | { readonly kind: 'index'; readonly file: string }

/** Index files that make a folder one plugin, in order of preference. */
export const INDEX_FILES = ['index.ts', 'index.mts', 'index.js', 'index.mjs', 'index.cts', 'index.cjs']
const TEST_FILE = /\.(?:test|spec)\.[mc]?[jt]s$/
const DECLARATION_FILE = /\.d\.[mc]?ts$/

interface PackageJson extends PluginPackageJson {
  readonly main?: unknown
  readonly exports?: unknown
}

const isFile = (path: string) =>
  stat(path).then(
    (info) => info.isFile(),
    () => false,
  )
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/**
 * The plugin name a package stands for: `@banter/plugin-timestamp` and `banter-plugin-timestamp` are
 * `timestamp` (the names a short specifier tries), `@me/weather` is `weather`.
 */
export function packagePluginName(packageName: string): string {
  const bare = packageName.replace(/^@[^/]+\//, '')
  return kebabCase(bare.replace(/^banter-plugin-/, '').replace(/^plugin-/, ''))
}

/** The defaults a function module in a package takes from its `package.json`. */
export function packageOrigin(path: string, name: string, pkg: PackageJson | undefined): PluginModuleOrigin {
  return {
    path,
    name: packagePluginName(name),
    version: text(pkg?.version),
    description: text(pkg?.description),
  }
}

/** The `package.json` of the installed package `name` whose entry is `entry`, found walking up. */
export async function ownPackageJson(entry: string, name: string): Promise<PackageJson | undefined> {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const raw = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined)
    if (raw === undefined) continue
    try {
      const pkg = JSON.parse(raw) as PackageJson
      if (pkg.name === name) return pkg
    } catch {
      // Not this package's manifest: keep walking up.
    }
  }
  return undefined
}

/** Whether `dir` is one plugin (a `package.json`, else an index file), or `undefined` for a plugin folder. */
export async function singlePluginFolder(dir: string): Promise<SinglePluginFolder | undefined> {
  const packageJson = join(dir, 'package.json')
  if (await isFile(packageJson)) return { kind: 'package', packageJson }
  for (const name of INDEX_FILES)
    if (await isFile(join(dir, name))) return { kind: 'index', file: join(dir, name) }
  return undefined
}

async function packageEntry(dir: string, pkg: PackageJson): Promise<URL> {
  const name = text(pkg.name)
  if (pkg.exports !== undefined) {
    if (!name) {
      throw new BanterError('PLUGIN_EXPORTS_INVALID', `the package at ${dir} has no "name" in package.json`, {
        hint: 'A package with "exports" resolves through its own name: add "name" to its package.json.',
      })
    }
    try {
      return moduleResolve(name, pathToFileURL(join(dir, 'package.json')), CONDITIONS, false)
    } catch (cause) {
      throw new BanterError(
        'PLUGIN_NOT_FOUND',
        `the package at ${dir} ("${name}") has no entry the loader can import: ${(cause as Error).message}`,
        { cause, hint: 'Build the package (`npm run build`), or fix "exports" in its package.json.' },
      )
    }
  }
  const main = text(pkg.main)
  const candidates = main ? [main, `${main}.js`, join(main, 'index.js')] : INDEX_FILES
  for (const candidate of candidates) {
    if (await isFile(join(dir, candidate))) return pathToFileURL(join(dir, candidate))
  }
  throw new BanterError(
    'PLUGIN_NOT_FOUND',
    `the package at ${dir} has no entry: ${main ? `its "main" (${main}) does not exist` : 'no "exports", no "main" and no index file'}`,
    {
      hint: 'Build the package (`npm run build`), or point "main" or "exports" in its package.json at its entry.',
    },
  )
}

/** Loads a folder that is one plugin (see {@link singlePluginFolder}); `[]` when it exports none. */
export async function loadSinglePluginFolder(
  dir: string,
  folder: SinglePluginFolder,
  fresh: boolean,
): Promise<PluginClass[]> {
  if (folder.kind === 'index') {
    const exports = await importModule(folder.file, folder.file, fresh)
    return modulePlugins(exports, { path: folder.file, name: kebabCase(basename(dir)) })
  }
  let pkg: PackageJson
  try {
    pkg = JSON.parse(await readFile(folder.packageJson, 'utf8')) as PackageJson
  } catch (cause) {
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      `${folder.packageJson} cannot be read: ${(cause as Error).message}`,
      { cause, hint: 'Fix the JSON of the package.json.' },
    )
  }
  assertCoreCompatible(text(pkg.name) ?? dir, pkg)
  const entry = await packageEntry(dir, pkg)
  const exports = await importModule(entry, text(pkg.name) ?? dir, fresh)
  return withPackageMetadata(
    modulePlugins(exports, packageOrigin(fileURLToPath(entry), text(pkg.name) ?? basename(dir), pkg)),
    pkg,
  )
}

/** Loads one code file; `[]` when it exports no plugin. */
export async function loadPluginFile(path: string, fresh: boolean): Promise<PluginClass[]> {
  const exports = await importModule(path, path, fresh)
  return modulePlugins(exports, { path, name: kebabCase(basename(path).replace(CODE_FILE, '')) })
}

function skipReason(name: string): string | undefined {
  if (TEST_FILE.test(name)) return 'a test file (*.test.* and *.spec.* files are never loaded as plugins)'
  if (DECLARATION_FILE.test(name)) return 'a type declaration file'
  if (!CODE_FILE.test(name)) return 'not a code file (plugins are .js, .mjs, .cjs, .ts, .mts or .cts files)'
  return undefined
}

async function entryPlugins(path: string, fresh: boolean): Promise<PluginClass[] | string> {
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) {
    const folder = await singlePluginFolder(path)
    if (!folder) return `a folder without package.json or an index file (${INDEX_FILES.join(', ')})`
    return loadSinglePluginFolder(path, folder, fresh)
  }
  if (!info?.isFile()) return 'neither a file nor a folder (a broken link?)'
  return skipReason(basename(path)) ?? loadPluginFile(path, fresh)
}

/**
 * Loads a plugin folder: each code file is a plugin module, and each sub-folder with a `package.json`
 * or an index file is one plugin. Everything else is skipped with its reason, and a module that fails
 * to load is recorded in `failed` without stopping the others. Entries are read in name order.
 */
export async function loadPluginFolder(dir: string, fresh: boolean): Promise<FolderPlugins> {
  const classes: PluginClass[] = []
  const skipped: SkippedEntry[] = []
  const failed: FailedEntry[] = []
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name)
    try {
      const found = await entryPlugins(path, fresh)
      if (typeof found === 'string') {
        skipped.push({ path, reason: found })
        continue
      }
      const fresher = found.filter((cls) => !classes.includes(cls))
      if (found.length === 0) skipped.push({ path, reason: NO_PLUGIN })
      else if (fresher.length === 0)
        skipped.push({ path, reason: 'exports only plugins already loaded from another file of this folder' })
      classes.push(...fresher)
    } catch (error) {
      failed.push({
        path,
        error: isBanterError(error)
          ? error
          : new BanterError(
              'PLUGIN_EXPORTS_INVALID',
              `${path} failed while loading: ${(error as Error).message}`,
              {
                cause: error,
              },
            ),
      })
    }
  }
  return { classes, skipped, failed }
}
