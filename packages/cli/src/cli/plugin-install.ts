import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { botProject, pluginKey, projectCoreVersion, splitSpec } from '../npm/bot-project.js'
import { checkInstalledPlugin } from '../npm/check-plugin.js'
import { addPluginToConfig, setPluginIsolation } from '../npm/config-plugins.js'
import { snapshotProject } from '../npm/project-snapshot.js'
import { compatibility, viewManifest } from '../npm/registry.js'
import { npmError, runNpm } from '../npm/run-npm.js'
import { answerReason, runningBot } from '../npm/running-bot.js'
import type { CliIo } from './io.js'

/** Options of the plugin commands that work on a bot project. */
export interface ProjectCommandOptions {
  /** The bot's config file (its folder is the project). */
  readonly config: string
  /** Registry URL to use instead of the npm configuration's. */
  readonly registry?: string | undefined
  /** Environment (npm configuration, `${VAR}` of the config). */
  readonly env?: NodeJS.ProcessEnv
}

/** Options of `banter plugin install`. */
export interface InstallOptions extends ProjectCommandOptions {
  /** Where the plugin runs (`sandbox.<key>.isolation`); a third-party package is proposed `isolate`. */
  readonly isolation?: 'inline' | 'worker' | 'isolate' | undefined
}

/**
 * `banter plugin install <name>[@range]`: checks the package's registry manifest (the
 * `banter-plugin` keyword, its `@banter/core` peer range against the project's core), installs it
 * with npm, validates it as `banter plugin validate` does, adds it to the config with its defaults
 * (comments kept), and loads it into the running bot through the admin API. A package that is
 * refused leaves the project as it was.
 */
export async function runPluginInstall(spec: string, io: CliIo, options: InstallOptions): Promise<number> {
  const project = botProject(options.config)
  if (!existsSync(join(project.dir, 'package.json')) || !existsSync(project.config)) {
    io.err(
      `${project.dir} is not a bot project (no package.json or no ${project.config}): run this in your bot's folder, or make one with \`npm create banter\`.`,
    )
    return 1
  }
  const env = options.env ?? process.env
  const npm = { cwd: project.dir, registry: options.registry, env }
  const { name } = splitSpec(spec)
  let manifest: Awaited<ReturnType<typeof viewManifest>>
  try {
    manifest = await viewManifest(spec, npm)
  } catch (error) {
    io.err((error as Error).message)
    return 1
  }
  if (!manifest.keywords?.includes('banter-plugin')) {
    io.err(
      `${name}@${manifest.version} is not a Banter plugin: its package.json has no "banter-plugin" keyword. Nothing was installed.`,
    )
    return 1
  }
  const core = projectCoreVersion(project)
  const { range, compatible } = compatibility(manifest, core)
  if (!compatible) {
    io.err(
      range === undefined
        ? `${name}@${manifest.version} declares no @banter/core peer range, so it cannot be checked against @banter/core ${core}. Nothing was installed.`
        : `${name}@${manifest.version} needs @banter/core ${range}, but this bot runs @banter/core ${core}. Nothing was installed; \`banter plugin search ${name}\` shows which versions fit.`,
    )
    return 1
  }
  io.out(`Installing ${name}@${manifest.version} (for @banter/core ${range})...`)
  const snapshot = snapshotProject(project)
  const installed = await runNpm(
    ['install', `${name}@${manifest.version}`, ...(options.registry ? ['--registry', options.registry] : [])],
    npm,
  )
  if (installed.code !== 0) {
    io.err(`npm install ${name}@${manifest.version} failed:\n${npmError(installed)}`)
    await snapshot.restore(env).catch((error: Error) => io.err(error.message))
    return 1
  }
  const check = await checkInstalledPlugin(project, name)
  if (!check.ok) {
    io.err(`${name}@${manifest.version} does not pass validation:\n  ${check.problems.join('\n  ')}`)
    await snapshot.restore(env).catch((error: Error) => io.err(error.message))
    io.err('It was removed again; the project is as it was.')
    return 1
  }
  const key = pluginKey(name)
  const added = addPluginToConfig(project.config, key, check.defaults)
  io.out(
    `✓ ${name}@${manifest.version} installed (plugin${check.names.length > 1 ? 's' : ''} ${check.names.join(', ')})`,
  )
  io.out(added ? `✓ added "${key}" to ${project.config}` : `- "${key}" was already in ${project.config}`)
  if (options.isolation !== undefined) {
    if (setPluginIsolation(project.config, key, options.isolation))
      io.out(`✓ set sandbox.${key}.isolation: ${options.isolation} in ${project.config}`)
    if (options.isolation !== 'inline' && !existsSync(join(project.dir, 'node_modules/@banter/sandbox')))
      io.out('  It needs @banter/sandbox next to the CLI: `npm install @banter/sandbox`.')
  } else if (!name.startsWith('@banter/')) {
    // Third-party code runs with the bot's full rights unless it is sandboxed: say how.
    io.out(
      `  ${name} is third-party code. To run it in a V8 isolate with no Node APIs, install it with \`--isolation isolate\` or add \`sandbox: { ${key}: { isolation: isolate } }\` to ${project.config} (docs/sandbox.md).`,
    )
  }
  return loadIntoRunningBot(project, key, io, env)
}

async function loadIntoRunningBot(
  project: ReturnType<typeof botProject>,
  key: string,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const bot = await runningBot(project, env)
  if (!bot) {
    io.out('The bot is not running: `npm start` loads it.')
    return 0
  }
  const answer = await bot.call('POST', '/api/plugins', { specifier: key }).catch((error: Error) => ({
    status: 0,
    body: { error: error.message },
  }))
  if (answer.status >= 200 && answer.status < 300) {
    io.out(`✓ loaded into the running bot at ${bot.url} (no restart needed)`)
    return 0
  }
  if (answer.status === 404) {
    io.out(
      `The running bot at ${bot.url} cannot load plugins through its admin API: restart it to load "${key}".`,
    )
    return 0
  }
  io.err(
    `The running bot at ${bot.url} did not load it (${answerReason(answer)}): restart it to load "${key}".`,
  )
  return 0
}
