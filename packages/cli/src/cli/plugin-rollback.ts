import { botProject, installedVersion, splitSpec } from '../npm/bot-project.js'
import { checkInstalledPlugin } from '../npm/check-plugin.js'
import { takePreviousVersion } from '../npm/plugin-history.js'
import { npmError, runNpm } from '../npm/run-npm.js'
import { runningBot } from '../npm/running-bot.js'
import type { CliIo } from './io.js'
import type { ProjectCommandOptions } from './plugin-install.js'
import { reloadInBot } from './plugin-update.js'

/**
 * `banter plugin rollback <name>`: goes back to the version the plugin package had before its last
 * `banter plugin update` (with its package.json range), and reloads it in the running bot.
 */
export async function runPluginRollback(
  spec: string,
  io: CliIo,
  options: ProjectCommandOptions,
): Promise<number> {
  const project = botProject(options.config)
  const env = options.env ?? process.env
  const { name } = splitSpec(spec)
  const previous = takePreviousVersion(project, name)
  if (!previous) {
    io.err(
      `No earlier version of ${name} is remembered: \`banter plugin update\` remembers one before each update.`,
    )
    return 1
  }
  const current = installedVersion(project, name)
  const result = await runNpm(
    ['install', `${name}@${previous.version}`, ...(options.registry ? ['--registry', options.registry] : [])],
    { cwd: project.dir, env },
  )
  if (result.code !== 0) {
    io.err(`npm install ${name}@${previous.version} failed:\n${npmError(result)}`)
    return 1
  }
  await runNpm(['pkg', 'set', `dependencies.${name}=${previous.range}`], { cwd: project.dir, env })
  io.out(`✓ ${name} ${current ?? '?'} -> ${previous.version} (package.json: ${previous.range})`)
  const check = await checkInstalledPlugin(project, name)
  const problems = await reloadInBot(await runningBot(project, env), check.names)
  for (const problem of problems) io.err(`the running bot: ${problem}`)
  return problems.length > 0 ? 1 : 0
}
