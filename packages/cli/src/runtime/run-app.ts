import { isBanterError } from '@banter/core'
import type { CliIo } from '../cli/io.js'
import type { App } from './create-app.js'
import { guardProcess, handleSignals } from './lifecycle.js'

/** What a CLI prints for an error: a BanterError's own message, the stack of anything else. */
export function describeError(error: unknown): string {
  return isBanterError(error) ? error.message : String((error as Error)?.stack ?? error)
}

/**
 * Runs an app until it stops: errors that escape plugins are logged, never fatal; SIGINT/SIGTERM stop
 * it gracefully. Resolves to the exit code (1 when it could not start).
 */
export async function runApp(app: App, io: CliIo, onStarted?: () => void): Promise<number> {
  guardProcess(app.logger)
  const removeSignals = handleSignals(app)
  try {
    await app.start()
  } catch (error) {
    io.err(describeError(error))
    await app.stop('start failed')
    removeSignals()
    return 1
  }
  onStarted?.()
  await app.stopped
  removeSignals()
  return 0
}
