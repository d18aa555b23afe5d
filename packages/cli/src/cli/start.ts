import { loadConfig } from '../config/load-config.js'
import { type AppOptions, createApp } from '../runtime/create-app.js'
import { relaunchForIsolates } from '../runtime/node-flags.js'
import { describeError, runApp } from '../runtime/run-app.js'
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
    const relaunched = await relaunchForIsolates(loaded.config)
    if (relaunched !== undefined) return relaunched
    const adapter = options.adapter ?? loaded.config.adapter
    if (
      adapter === 'discord' &&
      loaded.config.discord?.shards !== undefined &&
      !isShardProcess(options.env)
    ) {
      return await runShardManager(loaded, io)
    }
    app = await createApp({ ...options, loaded })
  } catch (error) {
    io.err(describeError(error))
    return 1
  }
  return runApp(app, io)
}
