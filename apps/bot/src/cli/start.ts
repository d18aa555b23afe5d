import { isBanterError } from '@banter/core'
import { loadConfig } from '../config/load-config.js'
import { type AppOptions, createApp } from '../runtime/create-app.js'
import { guardProcess, handleSignals } from '../runtime/lifecycle.js'
import { isShardProcess, runShardManager } from '../runtime/shards.js'
import type { CliIo } from './io.js'

/**
 * `banter start`: builds the bot from the configuration, starts it and its HTTP server, and runs
 * until a signal (or, on the console, the end of input). Resolves to the exit code.
 */
export async function runStart(options: AppOptions, io: CliIo): Promise<number> {
  let app: Awaited<ReturnType<typeof createApp>>
  try {
    const loaded = await loadConfig(options.config, options.env)
    const adapter = options.adapter ?? loaded.config.adapter
    if (
      adapter === 'discord' &&
      loaded.config.discord?.shards !== undefined &&
      !isShardProcess(options.env)
    ) {
      return await runShardManager(loaded, io)
    }
    app = await createApp(options)
  } catch (error) {
    io.err(isBanterError(error) ? error.message : String((error as Error)?.stack ?? error))
    return 1
  }
  guardProcess(app.logger)
  const removeSignals = handleSignals(app)
  try {
    await app.start()
  } catch (error) {
    io.err(isBanterError(error) ? error.message : String((error as Error)?.stack ?? error))
    await app.stop('start failed')
    removeSignals()
    return 1
  }
  await app.stopped
  removeSignals()
  return 0
}
