import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fieldProblems, type PackageProblem, referenceProblems } from './field-checks.js'
import { attwProblems, publintProblems } from './tarball-checks.js'
import { workspacePackages } from './workspace-packages.js'

/** Options of {@link checkPackages}. */
export interface CheckOptions {
  /** Also run publint and @arethetypeswrong/cli on every published package (needs a build). */
  readonly tarballs: boolean
  /** Called after each package, for progress output. */
  readonly onPackage?: (folder: string, problems: readonly PackageProblem[]) => void
}

/** Every problem of every package of the workspace at `root`. */
export async function checkPackages(root: string, options: CheckOptions): Promise<PackageProblem[]> {
  const packages = workspacePackages(root)
  const all: PackageProblem[] = [...referenceProblems(root, packages)]
  for (const pkg of packages) {
    const problems = fieldProblems(pkg)
    if (options.tarballs && !pkg.json.private) {
      if (!existsSync(join(root, pkg.folder, 'dist')))
        problems.push({ folder: pkg.folder, problem: 'no dist/: run `npm run build` first' })
      else problems.push(...(await publintProblems(root, pkg)), ...attwProblems(root, pkg))
    }
    options.onPackage?.(pkg.folder, problems)
    all.push(...problems)
  }
  return all
}
