import { BanterError, isBanterError } from '../errors/banter-error.js'
import type { HandlerSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Logs a failed call into a plugin and emits `plugin.error`. A BanterError already says what happened
 * and what to do, so it is logged as one line; anything else is a bug in the plugin and is logged
 * with its stack.
 */
export function reportFailure(
  runtime: Runtime,
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

/** What the circuit breaker does about one failure. */
export type BreakerVerdict = 'none' | 'handler' | 'plugin'

/**
 * The circuit breaker counts failures in a row per handler. A listener, command, route or timer that
 * fails `breakerThreshold` times in a row is switched off alone; a message hook that does disables
 * the whole plugin. A `failClosed` plugin's message hooks never trip it (their failures stop messages
 * instead); the breaker logs that once. `initialize`, `destroy`, `run` and background work are not
 * watched.
 */
export function breakerVerdict(
  runtime: Runtime,
  record: PluginRecord,
  slot: HandlerSlot | undefined,
): BreakerVerdict {
  if (slot === undefined || slot.kind === 'lifecycle' || slot.disabled) return 'none'
  const threshold = runtime.breakerThreshold
  if (record.status !== 'active' || slot.failures < threshold) return 'none'
  if (slot.kind !== 'hook') return 'handler'
  if (!record.manifest.failClosed) return 'plugin'
  if (slot.failures === threshold) {
    runtime.logger.error(
      { plugin: record.name },
      `plugin "${record.name}" failed ${threshold} times in a row; it fails closed, so it stays on and messages it cannot check are stopped`,
    )
  }
  return 'none'
}

/**
 * Switches one handler off: it leaves the bot (a command leaves `!help`), `plugins list` shows it,
 * and `plugin.error` says so with code `HANDLER_DISABLED`. `enable` and `reload` bring it back.
 */
export function switchOffHandler(
  runtime: Runtime,
  record: PluginRecord,
  slot: HandlerSlot,
  cause: Error,
): void {
  slot.disabled = true
  const error = new BanterError(
    'HANDLER_DISABLED',
    `plugin "${record.name}": ${slot.label} was switched off after ${slot.failures} failures in a row (last: ${cause.message}); the plugin's other handlers keep running`,
    { plugin: record.name, cause },
  )
  try {
    slot.switchOff?.()
  } catch (failure) {
    runtime.logger.warn({ err: failure, plugin: record.name }, 'could not remove a switched-off handler')
  }
  record.handlerSwitchedOff({ handler: slot.label, error: { code: error.code, message: error.summary } })
  runtime.logger.error({ plugin: record.name, code: error.code, handler: slot.label }, error.summary)
  void runtime.events.emit('plugin.error', {
    name: record.name,
    hook: slot.label,
    error: { code: error.code, message: error.summary },
    timedOut: false,
  })
}
