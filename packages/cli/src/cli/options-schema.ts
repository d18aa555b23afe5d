import { isBanterError } from '@banter/core'
import type { CliIo } from './io.js'
import { startOfflineApp } from './offline-app.js'

/**
 * `banter config schema <plugin>`: loads the configured plugins without connecting anywhere and
 * prints the JSON Schema of one plugin's options (descriptions, defaults, enums, `secret: true`
 * marks), for forms and editors. Exit 1 when the config or the plugin cannot be loaded.
 */
export async function runConfigSchema(
  path: string,
  plugin: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const app = await startOfflineApp(path, io, env)
  if (!app) return 1
  try {
    io.out(JSON.stringify(app.bot.plugins.schema(plugin), null, 2))
    return 0
  } catch (error) {
    if (!isBanterError(error)) throw error
    const names = app.bot.plugins.list().map((p) => p.name)
    io.err(`${error.summary} (loaded: ${names.join(', ') || 'none'})`)
    return 1
  } finally {
    await app.stop('schema printed')
  }
}
