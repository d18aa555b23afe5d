import { resolve } from 'node:path'
import { checkPluginPackage } from '../npm/pack-checks.js'
import { npmError, runNpm } from '../npm/run-npm.js'
import type { CliIo } from './io.js'
import { runPluginValidate } from './plugin-validate.js'

/** Options of `banter plugin pack` and `publish`. */
export interface PackOptions {
  /** The plugin package folder (default the current folder). */
  readonly dir?: string | undefined
  /** Environment of npm. */
  readonly env?: NodeJS.ProcessEnv
}

/**
 * `banter plugin validate` on the package folder, then the tarball checks; prints a line per check.
 * Resolves to whether everything passed.
 */
export async function packChecks(dir: string, io: CliIo, env?: NodeJS.ProcessEnv): Promise<boolean> {
  const valid = await runPluginValidate(dir, io)
  const { problems, passed } = await checkPluginPackage(dir, env)
  for (const line of passed) io.out(`✓ ${line}`)
  for (const line of problems) io.err(`✗ ${line}`)
  return valid === 0 && problems.length === 0
}

/** `banter plugin pack`: validates the plugin, checks the tarball, then `npm pack`. */
export async function runPluginPack(io: CliIo, options: PackOptions = {}): Promise<number> {
  const dir = resolve(options.dir ?? '.')
  if (!(await packChecks(dir, io, options.env))) {
    io.err('\nNot packed: fix the problems above.')
    return 1
  }
  const result = await runNpm(['pack', '--json'], { cwd: dir, ...(options.env ? { env: options.env } : {}) })
  if (result.code !== 0) {
    io.err(`npm pack failed:\n${npmError(result)}`)
    return 1
  }
  const [packed] = JSON.parse(result.stdout) as { filename: string; size: number }[]
  io.out(`\nPacked ${packed?.filename} (${packed?.size} bytes).`)
  return 0
}
