import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { WorkspacePackage } from './workspace-packages.js'

/** A problem with one package, in words. */
export interface PackageProblem {
  readonly folder: string
  readonly problem: string
}

/**
 * The package.json fields every package needs: `engines.node` on all of them; `repository` (with
 * its `directory`), `license` and `keywords` on every published one, plus `files`, `exports` with a
 * `types` condition, and `publishConfig.access` public for scoped ones.
 */
export function fieldProblems(pkg: WorkspacePackage): PackageProblem[] {
  const problems: string[] = []
  const json = pkg.json
  const engines = json.engines as { node?: string } | undefined
  if (!engines?.node) problems.push('no "engines.node"')
  if (!json.private) {
    const repository = json.repository as { url?: string; directory?: string } | undefined
    if (!repository?.url) problems.push('no "repository.url"')
    else if (repository.directory !== pkg.folder)
      problems.push(`"repository.directory" is ${repository.directory ?? 'missing'}, not ${pkg.folder}`)
    if (typeof json.license !== 'string') problems.push('no "license"')
    if (!Array.isArray(json.keywords) || json.keywords.length === 0) problems.push('no "keywords"')
    if (!Array.isArray(json.files)) problems.push('no "files" (the tarball would hold everything)')
    const exports = json.exports as Record<string, unknown> | undefined
    const main = exports?.['.'] as Record<string, unknown> | undefined
    if (!main || typeof main !== 'object' || !('types' in main))
      problems.push('no "exports" "." with a "types" condition')
    if (
      json.name.startsWith('@') &&
      (json.publishConfig as { access?: string } | undefined)?.access !== 'public'
    )
      problems.push('scoped but no "publishConfig": { "access": "public" }')
  }
  return problems.map((problem) => ({ folder: pkg.folder, problem }))
}

/**
 * Whether the root tsconfig.json references every package with a tsconfig.build.json, and nothing
 * else (new packages are added by `banter plugin create`; this check catches the ones added by hand).
 */
export function referenceProblems(root: string, packages: readonly WorkspacePackage[]): PackageProblem[] {
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    references?: { path: string }[]
  }
  const listed = new Set((config.references ?? []).map((ref) => ref.path.replace(/^\.\//, '')))
  const problems: PackageProblem[] = []
  for (const pkg of packages) {
    const path = `${pkg.folder}/tsconfig.build.json`
    if (existsSync(join(root, path)) && !listed.has(path))
      problems.push({
        folder: pkg.folder,
        problem: `not in the root tsconfig.json "references" (add { "path": "${path}" })`,
      })
    listed.delete(path)
  }
  for (const path of listed)
    problems.push({ folder: path, problem: 'a root tsconfig.json reference to nothing' })
  return problems
}
