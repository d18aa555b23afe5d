import { resolve } from 'node:path'
import { npmError, runNpm } from '../npm/run-npm.js'
import type { CliIo } from './io.js'
import { type PackOptions, packChecks } from './plugin-pack.js'

/** Options of `banter plugin publish`. */
export interface PublishOptions extends PackOptions {
  /** Registry URL (default: the npm configuration's, or the package's publishConfig). */
  readonly registry?: string | undefined
  /** Dist-tag (default `latest`). */
  readonly tag?: string | undefined
}

/**
 * `banter plugin publish`: the checks of `banter plugin pack`, then `npm publish` (with `--provenance`
 * in GitHub Actions, where npm can sign it).
 */
export async function runPluginPublish(io: CliIo, options: PublishOptions = {}): Promise<number> {
  const dir = resolve(options.dir ?? '.')
  const env = options.env ?? process.env
  if (!(await packChecks(dir, io, env))) {
    io.err('\nNot published: fix the problems above.')
    return 1
  }
  const args = [
    'publish',
    ...(options.registry ? ['--registry', options.registry] : []),
    ...(options.tag ? ['--tag', options.tag] : []),
    ...(env.CI === 'true' && env.GITHUB_ACTIONS === 'true' ? ['--provenance'] : []),
  ]
  const result = await runNpm(args, { cwd: dir, env })
  if (result.code !== 0) {
    io.err(`npm publish failed:\n${npmError(result)}`)
    return 1
  }
  io.out(`\n${result.stdout.trim().split('\n').at(-1) ?? 'Published.'}`)
  return 0
}
