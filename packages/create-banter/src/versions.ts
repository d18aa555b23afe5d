import { readFileSync } from 'node:fs'

/**
 * The version range of each Banter package a new project depends on. They are this package's own
 * devDependencies on them, which changesets keeps current with every release, so a project made by
 * `create-banter@x` depends on the Banter packages released with it.
 */
export function banterVersions(): Readonly<Record<string, string>> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    devDependencies?: Record<string, string>
  }
  return Object.fromEntries(
    Object.entries(pkg.devDependencies ?? {}).filter(([name]) => name.startsWith('@banter/')),
  )
}
