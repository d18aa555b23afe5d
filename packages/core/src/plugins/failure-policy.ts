import { isBanterError } from '../errors/banter-error.js'
import type { PluginRecord } from './plugin-record.js'
import type { PluginRuntime } from './plugin-runtime.js'

const NO_BREAKER = new Set(['initialize', 'destroy', 'run'])

/**
 * Logs a failed call into a plugin and emits `plugin.error`. A BanterError already says what happened
 * and what to do, so it is logged as one line; anything else is a bug in the plugin and is logged
 * with its stack.
 */
export function reportFailure(
  runtime: PluginRuntime,
  record: PluginRecord,
  hook: string,
  error: Error,
  timedOut: boolean,
): void {
  const code = isBanterError(error) ? error.code : 'HOOK_FAILED'
  const fields = isBanterError(error)
    ? { plugin: record.name, hook, code }
    : { plugin: record.name, hook, code, err: error }
  runtime.logger.error(
    fields,
    `plugin "${record.name}": ${hook} ${timedOut ? 'timed out' : 'failed'}: ${error.message}`,
  )
  // A failing plugin.error listener must not report itself forever.
  if (hook === 'plugin.error') return
  void runtime.events.emit('plugin.error', {
    name: record.name,
    hook,
    error: { code, message: error.message },
    timedOut,
  })
}

/**
 * Whether this failure opens the circuit breaker: the plugin is active, the hook is one the breaker
 * watches, and it failed `breakerThreshold` times in a row. A `failClosed` plugin never trips it (its
 * failures stop messages instead); the breaker logs that once.
 */
export function breakerTrips(runtime: PluginRuntime, record: PluginRecord, hook: string): boolean {
  const threshold = runtime.breakerThreshold
  const failures = record.stats.consecutiveFailures
  if (NO_BREAKER.has(hook) || record.status !== 'active' || failures < threshold) return false
  if (!record.manifest.failClosed) return true
  if (failures === threshold) {
    runtime.logger.error(
      { plugin: record.name },
      `plugin "${record.name}" failed ${threshold} times in a row; it fails closed, so it stays on and messages it cannot check are stopped`,
    )
  }
  return false
}
