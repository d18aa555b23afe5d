import { isBanterError } from '@banter/core'
import { type App, createApp } from '../runtime/create-app.js'
import { NullAdapter } from '../runtime/null-adapter.js'
import type { CliIo } from './io.js'

/**
 * Loads and starts the configured plugins without a chat connection or HTTP (for commands that
 * inspect them). A config that cannot be loaded is reported on `io` and gives `undefined`; the
 * caller stops the app it gets.
 */
export async function startOfflineApp(
  path: string,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<App | undefined> {
  let app: App
  try {
    app = await createApp({ config: path, env, adapterOverride: new NullAdapter(), http: false })
  } catch (error) {
    if (!isBanterError(error)) throw error
    io.err(error.message)
    return undefined
  }
  await app.start()
  return app
}
