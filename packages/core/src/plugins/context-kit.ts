import type { Logger } from 'pino'
import { BanterError } from '../errors/banter-error.js'
import type { Permission } from '../permissions/permissions.js'
import type { Disposer } from '../runtime/disposables.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PluginRecord } from './plugin-record.js'

/** @internal What every part of a plugin's context is built from. */
export interface ContextKit {
  readonly record: PluginRecord
  readonly runtime: Runtime
  /** Keeps a disposer until the plugin stops; returns one that runs it early. */
  track(dispose: Disposer): Disposer
  /** Throws unless the plugin holds `permission` (the refusal is reported once). */
  check(permission: Permission, action: string): void
  /** Throws once the plugin stopped. */
  alive(action: string): void
  /** Reports a refusal once (`plugin.error`), even if the plugin lets the error escape. */
  report(error: BanterError, action: string): void
  /** The plugin's logger (made on first use). */
  logger(): Logger
}

/** Runs `run`, turning a synchronous throw into a rejected promise. */
export function rejecting<Result>(run: () => Promise<Result>): Promise<Result> {
  try {
    return run()
  } catch (error) {
    return Promise.reject(error)
  }
}

/** The error of a call through the context of a plugin that stopped. */
export function stoppedError(name: string, action?: string): BanterError {
  return new BanterError(
    'PLUGIN_NOT_LOADED',
    action ? `plugin "${name}" is stopped and cannot ${action}` : `plugin "${name}" stopped`,
    { plugin: name },
  )
}
