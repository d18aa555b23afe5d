import { botProject, pluginKey, readProjectPackage, splitSpec } from '../npm/bot-project.js'
import { removePluginFromConfig } from '../npm/config-plugins.js'
import { npmError, runNpm } from '../npm/run-npm.js'
import { answerReason, type RunningBot, runningBot } from '../npm/running-bot.js'
import type { CliIo } from './io.js'
import type { ProjectCommandOptions } from './plugin-install.js'

/**
 * `banter plugin uninstall <name>`: unloads the package's plugins from the running bot (admin API),
 * removes it from the config (comments kept) and from package.json and node_modules (`npm uninstall`).
 */
export async function runPluginUninstall(
  spec: string,
  io: CliIo,
  options: ProjectCommandOptions,
): Promise<number> {
  const project = botProject(options.config)
  const env = options.env ?? process.env
  const { name } = splitSpec(spec)
  const pkg = readProjectPackage(project)
  const key = pluginKey(name)
  const bot = await runningBot(project, env)
  if (bot) await unloadFromBot(bot, name, key, io)
  const removed = [key, name].filter(
    (k, i, all) => all.indexOf(k) === i && removePluginFromConfig(project.config, k),
  )
  if (removed.length > 0) io.out(`✓ removed "${removed.join('", "')}" from ${project.config}`)
  if (pkg.dependencies?.[name] === undefined) {
    io.out(`- ${name} is not a dependency in ${project.dir}/package.json`)
    return removed.length > 0 ? 0 : 1
  }
  const result = await runNpm(['uninstall', name], { cwd: project.dir, env })
  if (result.code !== 0) {
    io.err(`npm uninstall ${name} failed:\n${npmError(result)}`)
    return 1
  }
  io.out(`✓ ${name} uninstalled`)
  return 0
}

/** The plugins of a package in a running bot: those loaded from its name or its config key. */
async function unloadFromBot(bot: RunningBot, name: string, key: string, io: CliIo): Promise<void> {
  const list = await bot.call('GET', '/api/plugins').catch(() => undefined)
  const plugins = (
    (list?.body as { plugins?: { name: string; source: string }[] } | undefined)?.plugins ?? []
  ).filter((p) => p.source === name || p.source === key)
  for (const plugin of plugins) {
    const path = `/api/plugins/${encodeURIComponent(plugin.name)}`
    const answer = await bot.call('DELETE', path)
    if (answer.status >= 200 && answer.status < 300) {
      io.out(`✓ unloaded "${plugin.name}" from the running bot`)
      continue
    }
    // Without an unload route the plugin is switched off until the next restart.
    const disabled = await bot.call('POST', `${path}/disable`)
    io.out(
      disabled.status >= 200 && disabled.status < 300
        ? `- disabled "${plugin.name}" in the running bot (it cannot unload through its admin API: restart it to drop the plugin)`
        : `- the running bot did not unload "${plugin.name}" (${answerReason(answer)}): restart it`,
    )
  }
}
