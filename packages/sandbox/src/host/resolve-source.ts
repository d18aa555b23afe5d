import { readdir, readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BanterError, packageCandidates } from '@banter/core'
import { moduleResolve } from 'import-meta-resolve'

/** Whether this package runs from its TypeScript sources (tests, tsx with the source condition). */
export const FROM_SOURCE = import.meta.url.endsWith('.ts')

/** Export conditions plugin code is resolved with (the workspace's source condition when we run from source). */
export const CONDITIONS: readonly string[] = FROM_SOURCE
  ? ['@banter/source', 'node', 'import', 'default']
  : ['node', 'import', 'default']

const CODE_FILE = /\.(?:[mc]?[jt]s)$/
const SKIP_FILE = /\.(?:test|spec|d)\.[mc]?[jt]s$/

/** The module files a specifier names, found without importing anything. */
export interface ResolvedSource {
  /** Module files, one plugin module each. */
  readonly files: string[]
  /** What was loaded, as the plugin manager reports it: a package name or a path. */
  readonly source: string
}

function isPathLike(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || CODE_FILE.test(specifier)
}

function resolvePackage(name: string, from: string): string | undefined {
  try {
    const url = moduleResolve(name, pathToFileURL(from), new Set(CONDITIONS), false)
    return url.protocol === 'file:' ? fileURLToPath(url) : undefined
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

/**
 * Finds the files of a plugin specifier the way the plugin manager does (a package or its short
 * name, a file, a package folder, or a folder of plugin files), but only resolves paths: a sandboxed
 * plugin's code runs in its guest, never in the bot's process.
 */
export async function resolveSource(
  specifier: string,
  baseDir: string,
  resolvePaths: readonly string[],
): Promise<ResolvedSource> {
  if (isPathLike(specifier)) return resolvePath(resolve(baseDir, specifier))
  const tried: string[] = []
  for (const name of packageCandidates(specifier)) {
    tried.push(name)
    for (const base of [baseDir, ...resolvePaths]) {
      const file = resolvePackage(name, join(base, 'noop.js'))
      if (file) return { files: [file], source: name }
    }
  }
  throw new BanterError(
    'PLUGIN_NOT_FOUND',
    `no plugin "${specifier}": tried the packages ${tried.map((t) => `"${t}"`).join(', ')} from ${baseDir}`,
    { hint: `Install it (\`npm install ${tried[0]}\`), or give a path such as ./plugins/${specifier}.ts.` },
  )
}

async function resolvePath(path: string): Promise<ResolvedSource> {
  const info = await stat(path).catch(() => undefined)
  if (!info) {
    throw new BanterError('PLUGIN_NOT_FOUND', `no plugin file or folder at ${path}`, {
      hint: 'Check the path; relative paths are resolved from the config file folder.',
    })
  }
  if (info.isFile()) return { files: [path], source: path }
  const manifest = await readFile(join(path, 'package.json'), 'utf8').catch(() => undefined)
  if (manifest !== undefined) {
    const name = (JSON.parse(manifest) as { name?: string }).name
    if (!name)
      throw new BanterError('PLUGIN_EXPORTS_INVALID', `the package at ${path} has no "name" in package.json`)
    const file = resolvePackage(name, join(path, 'package.json'))
    if (!file) throw new BanterError('PLUGIN_NOT_FOUND', `the package at ${path} has no entry module`)
    return { files: [file], source: path }
  }
  const files = (await readdir(path)).filter((f) => CODE_FILE.test(f) && !SKIP_FILE.test(f)).sort()
  if (files.length === 0) throw new BanterError('PLUGIN_EXPORTS_INVALID', `"${path}" holds no plugin files`)
  return { files: files.map((f) => join(path, f)), source: path }
}
