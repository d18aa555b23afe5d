import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/**
 * The root of the Banter repository that `dir` is inside (a `package.json` named `banter` with
 * workspaces, next to `tsconfig.base.json`), or `undefined` outside it.
 */
export function banterRepoRoot(dir: string): string | undefined {
  for (let at = dir; at !== dirname(at); at = dirname(at)) {
    const file = join(at, 'package.json')
    if (!existsSync(file) || !existsSync(join(at, 'tsconfig.base.json'))) continue
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; workspaces?: unknown }
      if (pkg.name === 'banter' && Array.isArray(pkg.workspaces)) return at
    } catch {
      // Not a package.json we can read: keep walking up.
    }
  }
  return undefined
}

/** Adds `<folder>/tsconfig.build.json` to the root tsconfig.json references (sorted, once). */
export function addRootReference(root: string, folder: string): void {
  const file = join(root, 'tsconfig.json')
  const config = JSON.parse(readFileSync(file, 'utf8')) as { references?: { path: string }[] }
  const path = `${relative(root, join(root, folder)).split('\\').join('/')}/tsconfig.build.json`
  const references = config.references ?? []
  if (references.some((ref) => ref.path === path)) return
  config.references = [...references, { path }]
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
}

/** Writes the first changeset of a new workspace package (`.changeset/<slug>-initial.md`). */
export function writeInitialChangeset(root: string, packageName: string, summary: string): string {
  const slug = packageName.replace(/^@/, '').replace(/[/]/g, '-')
  const file = join(root, '.changeset', `${slug}-initial.md`)
  writeFileSync(file, `---\n'${packageName}': minor\n---\n\n${summary}\n`)
  return file
}

/**
 * Formats the given paths and applies the safe fixes (import order) with the repository's own Biome
 * (its `biome.json`), so generated files pass `npm run lint` as they are. Returns false when Biome is
 * not installed (nothing is formatted).
 */
export function formatWithRepoBiome(root: string, paths: readonly string[]): boolean {
  const biome = join(root, 'node_modules', '.bin', 'biome')
  if (!existsSync(biome)) return false
  try {
    execFileSync(biome, ['check', '--write', ...paths], { cwd: root, stdio: 'ignore' })
  } catch {
    // What Biome cannot fix itself, `npm run lint` shows.
  }
  return true
}
