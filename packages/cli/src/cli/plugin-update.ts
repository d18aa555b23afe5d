import { botProject, readProjectPackage } from '../npm/bot-project.js'
import { installedChangelog } from '../npm/changelog.js'
import { checkInstalledPlugin } from '../npm/check-plugin.js'
import { rememberVersion, takePreviousVersion } from '../npm/plugin-history.js'
import { snapshotProject } from '../npm/project-snapshot.js'
import { npmError, runNpm } from '../npm/run-npm.js'
import { answerReason, type RunningBot, runningBot } from '../npm/running-bot.js'
import type { CliIo } from './io.js'
import type { ProjectCommandOptions } from './plugin-install.js'
import { projectUpdates } from './plugin-outdated.js'

/**
 * Reloads the plugins of a package in the running bot (`POST /api/plugins/<name>/reload`); resolves
 * to the problems, empty when every plugin came back active (or when no bot runs).
 */
export async function reloadInBot(bot: RunningBot | undefined, names: readonly string[]): Promise<string[]> {
  if (!bot) return []
  const problems: string[] = []
  for (const name of names) {
    const answer = await bot
      .call('POST', `/api/plugins/${encodeURIComponent(name)}/reload`)
      .catch(() => undefined)
    const plugin = (
      answer?.body as { plugin?: { status?: string; error?: { message?: string } } } | undefined
    )?.plugin
    if (answer?.status === 200 && plugin?.status === 'active') continue
    problems.push(
      `${name}: ${plugin?.error?.message ?? (answer ? answerReason(answer) : 'the bot did not answer')}`,
    )
  }
  return problems
}

/**
 * `banter plugin update [name]`: installs the newest compatible version of one plugin package (or of
 * each), prints the changelog entries between the versions, validates it, and reloads it in the running
 * bot. The previous version is remembered (`banter plugin rollback`), and a version that fails to
 * validate or to load is rolled back at once.
 */
export async function runPluginUpdate(
  name: string | undefined,
  io: CliIo,
  options: ProjectCommandOptions,
): Promise<number> {
  const project = botProject(options.config)
  const env = options.env ?? process.env
  const { updates, failures, checked } = await projectUpdates(options, name)
  for (const failure of failures) io.err(failure)
  if (name !== undefined && checked === 0) {
    io.err(`${name} is not an installed plugin package of ${project.dir}.`)
    return 1
  }
  const todo = updates.filter((u) => u.compatible !== undefined)
  for (const u of updates.filter((u) => u.compatible === undefined))
    io.out(`- ${u.name}: ${u.latest} is out but needs another @banter/core; staying on ${u.current}`)
  if (todo.length === 0) {
    io.out('Nothing to update.')
    return failures.length > 0 ? 1 : 0
  }
  const bot = await runningBot(project, env)
  let code = failures.length > 0 ? 1 : 0
  for (const update of todo) {
    const target = update.compatible as string
    const range = readProjectPackage(project).dependencies?.[update.name] ?? `^${update.current}`
    const snapshot = snapshotProject(project)
    rememberVersion(project, update.name, update.current, range)
    io.out(`Updating ${update.name} ${update.current} -> ${target}...`)
    const rollBack = async (why: string, reload: readonly string[]) => {
      io.err(`✗ ${update.name}@${target} ${why}`)
      await snapshot.restore(env)
      takePreviousVersion(project, update.name)
      const again = await reloadInBot(bot, reload)
      io.err(
        `↩ rolled back to ${update.name}@${update.current}${again.length > 0 ? ` (the bot still reports: ${again.join('; ')})` : ''}`,
      )
      code = 1
    }
    const installed = await runNpm(
      ['install', `${update.name}@${target}`, ...(options.registry ? ['--registry', options.registry] : [])],
      { cwd: project.dir, env },
    )
    if (installed.code !== 0) {
      await rollBack(`could not be installed:\n${npmError(installed)}`, [])
      continue
    }
    const check = await checkInstalledPlugin(project, update.name)
    if (!check.ok) {
      await rollBack(`fails validation:\n  ${check.problems.join('\n  ')}`, [])
      continue
    }
    const problems = await reloadInBot(bot, check.names)
    if (problems.length > 0) {
      await rollBack(`failed to load in the running bot:\n  ${problems.join('\n  ')}`, check.names)
      continue
    }
    io.out(
      `✓ ${update.name} ${update.current} -> ${target}${bot ? ' (reloaded in the running bot; restart it if the update also changed the packages the plugin imports)' : ''}`,
    )
    io.out(installedChangelog(project.dir, update.name, update.current, target))
  }
  return code
}
