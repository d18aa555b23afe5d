import { BanterError, isBanterError } from '../errors/banter-error.js'
import type { HandlerSlot, SwitchOn } from '../runtime/handler-slot.js'
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

/** The longest a switched-off handler waits for its trial. */
const MAX_COOLDOWN_MS = 600_000

/**
 * Switches one handler off: it leaves the bot (a command leaves `!help`), `plugins list` shows it,
 * and `plugin.error` says so with code `HANDLER_DISABLED`. After the breaker's cool-down (30 s by
 * default, doubled at each new trip, at most 10 minutes) it is switched on again on trial, so that a
 * handler that failed because a service it needs was down (storage, a rate-limited API) comes back
 * by itself; `enable` and `reload` bring it back at once.
 */
export function switchOffHandler(
  runtime: Runtime,
  record: PluginRecord,
  slot: HandlerSlot,
  cause: Error,
): void {
  slot.disabled = true
  slot.trips += 1
  const cooldownMs =
    runtime.breakerCooldownMs > 0 && slot.switchOn !== undefined
      ? Math.min(runtime.breakerCooldownMs * 2 ** (slot.trips - 1), MAX_COOLDOWN_MS)
      : 0
  const later =
    cooldownMs > 0
      ? `; it is tried again in ${Math.round(cooldownMs / 1000)} s`
      : '; `banter plugins enable` brings it back'
  const error = new BanterError(
    'HANDLER_DISABLED',
    `plugin "${record.name}": ${slot.label} was switched off after ${slot.failures} failures in a row (last: ${cause.message})${later}; the plugin's other handlers keep running`,
    { plugin: record.name, cause },
  )
  try {
    slot.switchOff?.()
  } catch (failure) {
    runtime.logger.warn({ err: failure, plugin: record.name }, 'could not remove a switched-off handler')
  }
  record.handlerSwitchedOff({
    handler: slot.label,
    error: { code: error.code, message: error.summary },
    ...(cooldownMs > 0 ? { retryAt: runtime.clock.now() + cooldownMs } : {}),
  })
  runtime.logger.error({ plugin: record.name, code: error.code, handler: slot.label }, error.summary)
  void runtime.events.emit('plugin.error', {
    name: record.name,
    hook: slot.label,
    error: { code: error.code, message: error.summary },
    timedOut: false,
  })
  if (cooldownMs > 0) {
    const generation = record.generation
    const timer = runtime.clock.setTimeout(
      () => switchOnHandler(runtime, record, slot, generation),
      cooldownMs,
    )
    // A pending trial never keeps the process alive (the real clock's handle is a Node timer).
    ;(timer as { unref?: () => void }).unref?.()
  }
}

/**
 * The trial after a cool-down: the handler is back, and one more failure in a row switches it off
 * again (for twice as long); a success clears its count. Nothing happens if the plugin stopped or
 * restarted meanwhile.
 */
function switchOnHandler(
  runtime: Runtime,
  record: PluginRecord,
  slot: HandlerSlot,
  generation: number,
): void {
  if (record.generation !== generation || record.status !== 'active' || !slot.disabled) return
  let back: SwitchOn = 'taken'
  try {
    back = slot.switchOn?.() ?? 'taken'
  } catch (failure) {
    runtime.logger.warn({ err: failure, plugin: record.name }, 'could not switch a handler on again')
  }
  if (back === 'gone') {
    // The plugin removed the handler meanwhile: nothing is switched off any more.
    record.handlerSwitchedOn(slot.label)
    return
  }
  if (back === 'taken') {
    runtime.logger.warn(
      { plugin: record.name, handler: slot.label },
      `plugin "${record.name}": ${slot.label} stays off: it could not be put back (its name may be taken); \`banter plugins enable\` retries`,
    )
    return
  }
  slot.disabled = false
  slot.failures = Math.max(0, runtime.breakerThreshold - 1)
  record.handlerSwitchedOn(slot.label)
  runtime.logger.info(
    { plugin: record.name, handler: slot.label },
    `plugin "${record.name}": ${slot.label} is on again on trial (one more failure switches it off again)`,
  )
}
