import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import type { PackageProblem } from './field-checks.js'
import type { WorkspacePackage } from './workspace-packages.js'

/**
 * publint on a published package (from what `npm pack` would ship): exports, files and types that
 * point at nothing, fields npm or bundlers read wrongly. Warnings count as problems. The
 * `@banter/source` condition points at sources that are not shipped on purpose (workspace-only), so
 * the message about it is left out.
 */
export async function publintProblems(root: string, pkg: WorkspacePackage): Promise<PackageProblem[]> {
  const { publint } = await import('publint')
  const { formatMessage } = await import('publint/utils')
  const { messages } = await publint({ pkgDir: join(root, pkg.folder), level: 'warning', pack: 'npm' })
  return messages
    .filter((message) => !message.path.includes('@banter/source'))
    .map((message) => ({
      folder: pkg.folder,
      problem: `publint: ${stripVTControlCharacters(formatMessage(message, pkg.json) ?? message.code)}`,
    }))
}

/**
 * @arethetypeswrong/cli on the packed package (`attw --pack`, profile `esm-only`: the packages are
 * ES modules only): every entry point resolves to types under node16 and bundler resolution.
 */
export function attwProblems(root: string, pkg: WorkspacePackage): PackageProblem[] {
  const bin = join(root, 'node_modules', '.bin', 'attw')
  const result = spawnSync(
    bin,
    [
      '--pack',
      join(root, pkg.folder),
      '--profile',
      'esm-only',
      '--format',
      'ascii',
      '--no-color',
      '--no-emoji',
    ],
    { encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } },
  )
  if (result.status === 0) return []
  const text = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-15).join('\n')
  return [{ folder: pkg.folder, problem: `@arethetypeswrong/cli:\n${text}` }]
}
