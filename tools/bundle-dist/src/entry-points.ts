import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** What `package.json` says about the files a package ships. */
export interface PackageEntries {
  readonly exports?: unknown
  readonly bin?: string | Record<string, string>
}

/** Every `./dist/*.js` target of an `exports` map (any condition, any depth). */
function exportTargets(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') {
    if (value.startsWith('./dist/') && value.endsWith('.js')) found.add(value)
  } else if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) exportTargets(inner, found)
  }
}

/**
 * The entry points to bundle, as esbuild takes them: output name under `dist/` (no extension) →
 * the TypeScript source it comes from. Each `./dist/x/y.js` that `exports` or `bin` names is built
 * from `src/x/y.ts`; a target without that source is an error, so a renamed file cannot ship a
 * stale or missing entry.
 */
export function entryPoints(folder: string, pkg: PackageEntries): Record<string, string> {
  const targets = new Set<string>()
  exportTargets(pkg.exports, targets)
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {})
  for (const bin of bins) exportTargets(bin, targets)
  const entries: Record<string, string> = {}
  for (const target of [...targets].sort()) {
    const name = target.slice('./dist/'.length, -'.js'.length)
    const source = join(folder, 'src', `${name}.ts`)
    if (!existsSync(source)) {
      throw new Error(
        `bundle-dist: package.json names ${target}, but ${source} does not exist; point the export at a file under src/ or add that file`,
      )
    }
    entries[name] = source
  }
  if (Object.keys(entries).length === 0) {
    throw new Error(
      `bundle-dist: ${folder}/package.json names no ./dist/*.js in "exports" or "bin"; nothing to build`,
    )
  }
  return entries
}
