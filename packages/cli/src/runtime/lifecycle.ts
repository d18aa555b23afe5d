import type { Logger } from '@banter/core'
import type { App } from './create-app.js'

/**
 * SIGINT and SIGTERM stop the app gracefully (messages in flight finish, plugins stop in reverse
 * dependency order, storage and adapter close); a second signal forces exit 1. Returns a remover.
 */
export function handleSignals(
  app: App,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  let count = 0
  const onSignal = (signal: NodeJS.Signals) => {
    count += 1
    if (count > 1) {
      app.logger.warn(`${signal} again: exiting now without waiting`)
      exit(1)
      return
    }
    app.logger.info(`${signal}: stopping (send it again to force)`)
    void app.stop(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/**
 * Keeps the process alive through errors that escape plugins (a timer callback that throws outside
 * the guard, a promise nobody awaited): they are logged, never fatal.
 */
export function guardProcess(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.error({ err: error }, `uncaught exception (the bot keeps running): ${error.message}`)
  })
  process.on('unhandledRejection', (reason) => {
    logger.error(
      { err: reason },
      `unhandled promise rejection (the bot keeps running): ${(reason as Error)?.message ?? String(reason)}`,
    )
  })
}
