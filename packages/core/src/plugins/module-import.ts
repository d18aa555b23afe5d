import { fileURLToPath, pathToFileURL } from 'node:url'
import { BanterError } from '../errors/banter-error.js'
import { registerReloadHooks } from './reload-hooks.js'

// When core itself runs from TypeScript source (vitest, tsx with the source condition), workspace
// packages resolve to their sources too, and the running TS loader imports `.ts` files itself.
const FROM_SOURCE = import.meta.url.endsWith('.ts')

/** The export conditions plugin packages are resolved with. */
export const CONDITIONS: Set<string> = new Set(
  FROM_SOURCE ? ['@banter/source', 'node', 'import', 'default'] : ['node', 'import', 'default'],
)

/** File names the loader imports as code. */
export const CODE_FILE = /\.(?:[mc]?[jt]s)$/
const TS_FILE = /\.[mc]?ts$/
let generation = 0

/** A module's exports, as `import()` returns them. */
export type ModuleExports = Record<string, unknown>

/**
 * Imports a file: `.ts` through tsx when core runs from its built JavaScript. `fresh` bypasses the
 * module cache (for `reload`), for the entry and the plugin's own files it imports by relative path
 * (see reload-hooks.ts).
 */
export async function importFile(path: string, fresh: boolean): Promise<ModuleExports> {
  if (TS_FILE.test(path) && !FROM_SOURCE) {
    const { tsImport } = await import('tsx/esm/api')
    return (await tsImport(pathToFileURL(path).href, import.meta.url)) as ModuleExports
  }
  if (fresh) registerReloadHooks()
  const url = pathToFileURL(path).href + (fresh ? `?banter-reload=${++generation}` : '')
  return (await import(url)) as ModuleExports
}

/**
 * Imports a file or a resolved module URL; a throw while it evaluates becomes `PLUGIN_EXPORTS_INVALID`
 * naming `what` (a path or a package name) and the cause.
 */
export async function importModule(
  target: string | URL,
  what: string,
  fresh = false,
): Promise<ModuleExports> {
  try {
    if (typeof target === 'string') return await importFile(target, fresh)
    return target.protocol === 'file:'
      ? await importFile(fileURLToPath(target), fresh)
      : ((await import(target.href)) as ModuleExports)
  } catch (cause) {
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      `${what} failed while loading: ${(cause as Error).message}`,
      { cause },
    )
  }
}
