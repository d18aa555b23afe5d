import { BanterError, isBanterError } from '../errors/banter-error.js'
import { FAILED } from '../runtime/guard.js'
import { lifecycleSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import { createContext } from './create-context.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginRecord } from './plugin-record.js'

/** A plugin instance that initialized, with its context's controls. */
export interface Initialized {
  readonly ctx: PluginContext<unknown>
  /** Aborts `ctx.signal` (the context still works). */
  readonly abort: () => void
  /** Removes everything registered through the context. */
  readonly dispose: () => void
}

/**
 * Creates a plugin's instance and context and runs `initialize` under the guard (with the initialize
 * timeout). On failure the record is in `error` with a message naming the plugin (keeping the plugin's
 * own error code), the context is disposed, and `undefined` is returned.
 */
export async function initializePlugin(
  record: PluginRecord,
  runtime: Runtime,
  onDenied: (error: BanterError, action: string) => void,
): Promise<Initialized | undefined> {
  const { ctx, abort, dispose } = createContext(record, runtime, onDenied)
  let lastError: Error | undefined
  const report = record.onFailure
  record.onFailure = (hook, error, timedOut, slot) => {
    lastError = error
    report(hook, error, timedOut, slot)
  }
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
    if (value === FAILED) throw lastError ?? new Error('initialize failed')
    record.instance = instance
    return { ctx, abort, dispose }
  } catch (error) {
    dispose()
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
    if (!lastError) report('initialize', failure, false, undefined)
    return undefined
  } finally {
    record.onFailure = report
  }
}

/** Starts the plugin's `run(signal)` task, if it has one; a failure before abort is counted. */
export function launchRun(record: PluginRecord, runtime: Runtime, signal: AbortSignal): void {
  const instance = record.instance
  if (typeof instance?.run !== 'function') return
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
