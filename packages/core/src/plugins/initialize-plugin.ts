import { BanterError, isBanterError } from '../errors/banter-error.js'
import { FAILED } from '../runtime/guard.js'
import { lifecycleSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import { createContext, disposeContext } from './create-context.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginRecord } from './plugin-record.js'

/** A plugin instance that initialized: its context. */
export type Initialized = PluginContext<unknown>

/**
 * Creates a plugin's instance and context and runs `initialize` under the guard (with the initialize
 * timeout). On failure the record is in `error` with a message naming the plugin (keeping the plugin's
 * own error code), the context is disposed, and `undefined` is returned.
 */
export async function initializePlugin(
  record: PluginRecord,
  runtime: Runtime,
): Promise<Initialized | undefined> {
  const ctx = createContext(record, runtime)
  record.lastError = undefined
  try {
    const instance = new record.pluginClass()
    if (typeof instance.attach === 'function') instance.attach(ctx)
    else (instance as unknown as { ctx: unknown }).ctx = ctx
    const initialize = typeof instance.initialize === 'function' ? instance.initialize : () => undefined
    const result = runtime.guard.call(
      record,
      'initialize',
      initialize,
      instance,
      ctx,
      runtime.timeouts.initializeMs,
      lifecycleSlot('initialize'),
    )
    const value = result instanceof Promise ? await result : result
    if (value === FAILED) throw record.lastError ?? new Error('initialize failed')
    record.instance = instance
    return ctx
  } catch (error) {
    disposeContext(ctx)
    // The plugin's own error code (OPENAI_NOT_CONFIGURED, PERMISSION_DENIED, ...) is kept, with the plugin named.
    const own = isBanterError(error) ? error : undefined
    const failure =
      own?.code === 'HOOK_TIMEOUT'
        ? own
        : new BanterError(
            own?.code ?? 'INITIALIZE_FAILED',
            `plugin "${record.name}" failed to initialize: ${own ? own.summary : (error as Error).message}`,
            { plugin: record.name, cause: error, ...(own ? { hint: own.hint } : {}) },
          )
    record.fail(failure)
    if (!record.lastError) record.onFailure('initialize', failure, false, undefined)
    return undefined
  }
}

/** Starts the plugin's `run(signal)` task, if it has one; a failure before abort is counted. */
export function launchRun(record: PluginRecord, runtime: Runtime, ctx: PluginContext<unknown>): void {
  const instance = record.instance
  if (typeof instance?.run !== 'function') return
  const signal = ctx.signal
  const task = Promise.resolve()
    .then(() => instance.run?.(signal))
    .catch((error: unknown) => {
      if (!signal.aborted)
        runtime.guard.fail(
          record,
          'run',
          error instanceof Error ? error : new Error(String(error)),
          false,
          lifecycleSlot('run'),
        )
    })
  void task
}
