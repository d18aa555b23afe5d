import { BanterError } from '../errors/banter-error.js'
import { rebuildPipelines } from '../pipeline/build-stages.js'
import { FAILED } from '../runtime/guard.js'
import type { Runtime } from '../runtime/runtime.js'
import { abortContext, disposeContext } from './create-context.js'
import { planStart } from './dependency-order.js'
import { initializePlugin, launchRun } from './initialize-plugin.js'
import type { PluginRecord } from './plugin-record.js'
import { withheldPermissions } from './register-plugin.js'

/**
 * Starts and stops plugins: dependency order on the way up, dependents first on the way down, the
 * pipelines rebuilt after each change. The plugin manager runs these one at a time.
 */
export class PluginLifecycle {
  readonly records = new Map<string, PluginRecord>()
  readonly #runtime: Runtime
  readonly #started: PluginRecord[] = []
  readonly #reported = new WeakSet<Error>()

  constructor(runtime: Runtime) {
    this.#runtime = runtime
  }

  /** Active plugin records in pipeline order (priority, then load order), without tripped ones. */
  active(): PluginRecord[] {
    return [...this.records.values()]
      .filter((r) => r.status === 'active' && !r.tripped)
      .sort((a, b) => (b.manifest.priority ?? 0) - (a.manifest.priority ?? 0) || a.order - b.order)
  }

  /** Plugins in the order they started. */
  get started(): readonly PluginRecord[] {
    return this.#started
  }

  /** Rebuilds the pipelines from the active plugins. */
  rebuild(): void {
    rebuildPipelines(this.#runtime, this.active())
  }

  /** Whether this error was already reported (a permission refusal the plugin let escape). */
  reported(error: Error): boolean {
    return this.#reported.has(error)
  }

  /** Reports a permission refusal (emitted once, even if the plugin lets the error escape). */
  reportDenied(record: PluginRecord, error: BanterError, action: string): void {
    this.#reported.add(error)
    this.#runtime.logger.warn({ plugin: record.name, code: error.code }, error.summary)
    void this.#runtime.events.emit('plugin.error', {
      name: record.name,
      hook: action,
      error: { code: error.code, message: error.summary },
      timedOut: false,
    })
  }

  /** Starts `records` in dependency order; those that cannot start are left in `error` with why. */
  async startMany(records: PluginRecord[]): Promise<void> {
    const plan = planStart(records, this.records)
    for (const [name, error] of plan.blocked) {
      const record = this.records.get(name) as PluginRecord
      await this.#refuse(record, error, 'dependencies')
    }
    for (const record of plan.order) await this.#start(record)
  }

  async #refuse(record: PluginRecord, error: BanterError, hook: string): Promise<void> {
    record.fail(error)
    this.#runtime.logger.error({ plugin: record.name, code: error.code }, error.message)
    await this.#runtime.events.emit('plugin.error', {
      name: record.name,
      hook,
      error: { code: error.code, message: error.summary },
      timedOut: false,
    })
  }

  async #start(record: PluginRecord): Promise<void> {
    const runtime = this.#runtime
    for (const dep of Object.keys(record.manifest.dependencies ?? {})) {
      const target = this.records.get(dep)
      if (target?.status !== 'active') {
        const why = target?.error ? `: ${target.error.summary}` : ''
        const error = new BanterError(
          'DEPENDENCY_DOWN',
          `plugin "${record.name}" depends on "${dep}", which is ${target?.status ?? 'not loaded'}${why}`,
          { plugin: record.name },
        )
        record.fail(error)
        runtime.logger.error({ plugin: record.name }, error.message)
        return
      }
    }
    const withheld = withheldPermissions(runtime, record)
    if (withheld) {
      await this.#refuse(record, withheld, 'permissions')
      return
    }
    record.initializing()
    const started = await initializePlugin(record, runtime)
    if (!started) return
    if (
      typeof record.instance?.onMessageReceived === 'function' &&
      !record.permissions.has('messages:read')
    ) {
      this.reportDenied(
        record,
        record.permissions.denial('messages:read', 'see inbound messages (onMessageReceived)'),
        'onMessageReceived',
      )
    }
    record.context = started
    record.activate()
    this.#started.push(record)
    this.rebuild()
    launchRun(record, runtime, started)
    await runtime.events.emit('plugin.enabled', { name: record.name })
    for (const other of this.records.values()) {
      if (other.status === 'disabled' && other.disabledBy === record.name) await this.startMany([other])
    }
  }

  /**
   * Stops a plugin: its dependents first, then out of the pipelines, its background work awaited
   * (bounded), `destroy()` while the context still works, then everything registered through the
   * context goes.
   */
  async stop(
    record: PluginRecord,
    reason: string,
    options: { readonly code?: string; readonly error?: BanterError; readonly unload?: boolean } = {},
  ): Promise<void> {
    const runtime = this.#runtime
    if (record.status !== 'active') {
      if (options.unload) record.unload()
      else if (record.status === 'registered') record.disable()
      return
    }
    for (const other of [...this.#started].reverse()) {
      if (
        other !== record &&
        other.status === 'active' &&
        other.manifest.dependencies?.[record.name] !== undefined
      ) {
        await this.stop(other, `its dependency "${record.name}" stopped (${reason})`, {
          code: 'DEPENDENCY_DOWN',
        })
        other.disabledBy = record.name
      }
    }
    const instance = record.instance
    record.instance = undefined
    if (options.unload) record.unload()
    else record.disable(options.error)
    record.tripped = false
    if (record.context) abortContext(record.context)
    const at = this.#started.indexOf(record)
    if (at !== -1) this.#started.splice(at, 1)
    this.rebuild()
    const left = await runtime.tasks.settleOwner(record.name, runtime.timeouts.destroyMs)
    if (left > 0) {
      runtime.logger.warn(
        { plugin: record.name, tasks: left },
        `plugin "${record.name}": ${left} background task(s) still running after ${runtime.timeouts.destroyMs} ms; stopping anyway`,
      )
    }
    if (instance && typeof instance.destroy === 'function') {
      const result = runtime.guard.call(
        record,
        'destroy',
        instance.destroy,
        instance,
        undefined,
        runtime.timeouts.destroyMs,
      )
      if ((result instanceof Promise ? await result : result) === FAILED) {
        runtime.logger.warn(
          { plugin: record.name },
          `plugin "${record.name}": destroy() failed; its context is removed anyway`,
        )
      }
    }
    if (record.context) disposeContext(record.context)
    record.context = undefined
    runtime.logger.info({ plugin: record.name, reason }, `plugin "${record.name}" stopped: ${reason}`)
    await runtime.events.emit('plugin.disabled', {
      name: record.name,
      reason,
      ...(options.code ? { code: options.code } : {}),
    })
  }
}
