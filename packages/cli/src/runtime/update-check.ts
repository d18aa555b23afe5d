import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '@banter/core'
import { type BotProject, projectCoreVersion, projectPlugins } from '../npm/bot-project.js'
import { type PluginUpdate, pluginUpdate } from '../npm/plugin-updates.js'

/** One day, the default time between two update checks. */
export const DAY_MS = 24 * 60 * 60 * 1000

/** What the bot remembers between checks, in `.banter/update-check.json`. */
interface CheckState {
  /** When the registry was last asked (ms since the epoch). */
  lastCheck?: number
  /** `name@version` of every update already logged: each is logged once. */
  logged?: string[]
}

/** Finds the update of one plugin package (the registry through npm, by default). */
export type UpdateLookup = (
  name: string,
  current: string,
  coreVersion: string,
) => Promise<PluginUpdate | undefined>

const stateFile = (project: BotProject) => join(project.dir, '.banter', 'update-check.json')

function readState(project: BotProject): CheckState {
  try {
    return JSON.parse(readFileSync(stateFile(project), 'utf8')) as CheckState
  } catch {
    return {}
  }
}

/**
 * Checks the project's plugin packages for compatible updates when the last check is older than
 * `intervalMs`, and logs each update found once (at `info`, one line naming them all). Resolves to
 * the updates it logged. Registry failures are logged at `debug` and never thrown: the bot goes on.
 */
export async function checkForUpdates(
  project: BotProject,
  logger: Logger,
  options: { now: number; intervalMs?: number; lookup?: UpdateLookup },
): Promise<PluginUpdate[]> {
  const plugins = projectPlugins(project)
  if (plugins.length === 0) return []
  const state = readState(project)
  if (state.lastCheck !== undefined && options.now - state.lastCheck < (options.intervalMs ?? DAY_MS))
    return []
  const core = projectCoreVersion(project)
  const lookup: UpdateLookup =
    options.lookup ?? ((name, current, version) => pluginUpdate(name, current, version, { cwd: project.dir }))
  const found: PluginUpdate[] = []
  for (const plugin of plugins) {
    if (!plugin.version) continue
    const update = await lookup(plugin.name, plugin.version, core).catch((error: unknown) => {
      logger.debug({ err: error, plugin: plugin.name }, `update check of ${plugin.name} failed`)
      return undefined
    })
    if (update?.compatible) found.push(update)
  }
  const logged = new Set(state.logged ?? [])
  const fresh = found.filter((u) => !logged.has(`${u.name}@${u.compatible}`))
  if (fresh.length > 0)
    logger.info(
      { updates: fresh.map((u) => ({ name: u.name, current: u.current, compatible: u.compatible })) },
      `plugin updates: ${fresh.map((u) => `${u.name} ${u.current} -> ${u.compatible}`).join(', ')} (\`banter plugin update\` installs them)`,
    )
  mkdirSync(join(project.dir, '.banter'), { recursive: true })
  writeFileSync(
    stateFile(project),
    `${JSON.stringify({ lastCheck: options.now, logged: [...logged, ...fresh.map((u) => `${u.name}@${u.compatible}`)] })}\n`,
  )
  return fresh
}

/**
 * Checks for plugin updates now (in the background) and then every `intervalMs`; the timer does not
 * keep the process alive. Returns a function that stops it.
 */
export function scheduleUpdateChecks(
  project: BotProject,
  logger: Logger,
  intervalMs: number = DAY_MS,
): () => void {
  const run = () =>
    void checkForUpdates(project, logger, { now: Date.now(), intervalMs }).catch(() => undefined)
  const first = setTimeout(run, 5_000)
  const timer = setInterval(run, Math.min(intervalMs, DAY_MS))
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
