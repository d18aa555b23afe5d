import { validateOptions } from '../config/validate-options.js'
import { BanterError } from '../errors/banter-error.js'
import { PermissionSet } from '../permissions/permissions.js'
import type { PluginClass } from './base-plugin.js'
import { planStart } from './dependency-order.js'
import { failedRecord } from './failed-record.js'
import { breakerTrips, reportFailure } from './failure-policy.js'
import { initializePlugin, launchRun } from './initialize-plugin.js'
import { validateManifest } from './manifest.js'
import { loadPluginModule } from './plugin-loader.js'
import { type PluginInfo, PluginRecord } from './plugin-record.js'
import type { PluginRuntime } from './plugin-runtime.js'

/** A plugin as `createBot({ plugins })` takes it: a class or specifier, alone or with options. */
export type PluginEntry = PluginClass | string | readonly [PluginClass | string, unknown]

/**
 * Loads, starts, stops and unloads plugins (`bot.plugins`). Start-up follows dependencies; a plugin
 * that fails stays in `error` while the others run; after repeated failures in a row the circuit
 * breaker disables a plugin; disabling a plugin first disables the plugins that depend on it.
 * Lifecycle operations run one at a time.
 */
export class PluginManager {
  readonly #records = new Map<string, PluginRecord>()
  readonly #runtime: PluginRuntime
  readonly #started: PluginRecord[] = []
  readonly #reported = new WeakSet<Error>()
  #order = 0
  #queue: Promise<unknown> = Promise.resolve()

  /** @internal Bots create their plugin manager. */
  constructor(runtime: PluginRuntime) {
    this.#runtime = runtime
  }

  /**
   * Loads a plugin class, or every plugin class at a specifier (package name, short name, file or
   * folder), with `options`. Throws on a bad manifest, bad options or an unknown permission. When the
   * bot is running the plugins start at once (a start failure leaves them in `error`, not thrown).
   */
  load(target: PluginClass | string, options?: unknown): Promise<PluginInfo[]> {
    return this.#exclusive(async () => {
      const { classes, source } = await this.#resolve(target)
      const records: PluginRecord[] = []
      for (const cls of classes) records.push(await this.#register(cls, options, source))
      if (this.#runtime.started) await this.#startMany(records)
      return records.map((r) => r.info())
    })
  }

  /** Unloads a plugin: stops it (and disables its dependents) and forgets it. */
  unload(name: string): Promise<void> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      await this.#stop(record, 'unloaded', undefined, 'unloaded')
      this.#records.delete(name)
      await this.#runtime.events.emit('plugin.unloaded', { name })
    })
  }

  /** Starts a plugin that is registered, disabled or in error; plugins disabled because it was down start again too. */
  enable(name: string): Promise<PluginInfo> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      if (record.status !== 'active') await this.#startMany([record])
      return record.info()
    })
  }

  /** Stops a plugin (its dependents first); it stays loaded and can be enabled again. */
  disable(name: string, reason = 'disabled by the operator'): Promise<PluginInfo> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      await this.#stop(record, reason)
      return record.info()
    })
  }

  /** Stops and starts a plugin again; a plugin loaded from a file is re-read from disk first. */
  reload(name: string): Promise<PluginInfo> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      if (record.source !== 'class') {
        const { classes } = await loadPluginModule(
          record.source,
          this.#runtime.baseDir,
          true,
          this.#runtime.resolvePaths,
        )
        const next = classes.find((c) => c.manifest?.name === name)
        if (!next)
          throw new BanterError(
            'PLUGIN_EXPORTS_INVALID',
            `"${record.source}" no longer exports plugin "${name}"`,
            { plugin: name },
          )
        record.pluginClass = next
      }
      await this.#stop(record, 'reloading')
      record.stats.reset()
      record.config = await validateOptions(name, record.pluginClass.configSchema, record.options)
      await this.#startMany([record])
      return record.info()
    })
  }

  /** The plugin named `name`, or `undefined`. */
  get(name: string): PluginInfo | undefined {
    return this.#records.get(name)?.info()
  }

  /** Every loaded plugin, in load order. */
  list(): PluginInfo[] {
    return [...this.#records.values()].map((r) => r.info())
  }

  /** @internal Active plugin records in pipeline order (priority, then load order). */
  active(): PluginRecord[] {
    return [...this.#records.values()]
      .filter((r) => r.status === 'active')
      .sort((a, b) => (b.manifest.priority ?? 0) - (a.manifest.priority ?? 0) || a.order - b.order)
  }

  /** @internal Registers configured plugins; a plugin that fails is recorded in `error`, never thrown. */
  loadAll(entries: readonly PluginEntry[]): Promise<void> {
    return this.#exclusive(async () => {
      for (const entry of entries) {
        const [target, options] = Array.isArray(entry)
          ? (entry as readonly [PluginClass | string, unknown])
          : [entry as PluginClass | string, undefined]
        const label = typeof target === 'string' ? target : (target.manifest?.name ?? target.name)
        try {
          const { classes, source } = await this.#resolve(target)
          for (const cls of classes)
            await this.#register(cls, options, source).catch((error: unknown) =>
              this.#failed(cls, source, error),
            )
        } catch (error) {
          this.#failed(undefined, label, error)
        }
      }
    })
  }

  /** @internal Starts every registered plugin in dependency order. */
  startAll(): Promise<void> {
    return this.#exclusive(() =>
      this.#startMany([...this.#records.values()].filter((r) => r.status === 'registered')),
    )
  }

  /** @internal Stops every plugin, dependents first. */
  stopAll(reason: string): Promise<void> {
    return this.#exclusive(async () => {
      for (const record of [...this.#started].reverse()) await this.#stop(record, reason)
    })
  }

  /** @internal Reports a permission refusal (emitted once, even if the plugin lets the error escape). */
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

  #exclusive<Result>(run: () => Promise<Result>): Promise<Result> {
    const next = this.#queue.then(run, run)
    this.#queue = next.catch(() => undefined)
    return next
  }

  #require(name: string): PluginRecord {
    const record = this.#records.get(name)
    if (!record) throw new BanterError('PLUGIN_NOT_LOADED', `no plugin named "${name}" is loaded`)
    return record
  }

  async #resolve(target: PluginClass | string): Promise<{ classes: PluginClass[]; source: string }> {
    if (typeof target === 'string')
      return loadPluginModule(target, this.#runtime.baseDir, false, this.#runtime.resolvePaths)
    return { classes: [target], source: 'class' }
  }

  async #register(cls: PluginClass, options: unknown, source: string): Promise<PluginRecord> {
    const manifest = validateManifest(cls.manifest, cls.name || source)
    if (this.#records.has(manifest.name)) {
      throw new BanterError(
        'PLUGIN_ALREADY_LOADED',
        `plugin "${manifest.name}" is already loaded (from ${this.#records.get(manifest.name)?.source})`,
        {
          plugin: manifest.name,
        },
      )
    }
    const overrides = this.#runtime.permissionOverrides
    const override = overrides[manifest.name] ?? (source !== 'class' ? overrides[source] : undefined)
    const permissions = new PermissionSet(manifest.name, manifest.permissions, override)
    const config = await validateOptions(manifest.name, cls.configSchema, options)
    const record = new PluginRecord(
      cls,
      manifest,
      options,
      permissions,
      source,
      this.#order++,
      manifest.hookTimeoutMs ?? this.#runtime.timeouts.hookMs,
    )
    record.config = config
    record.onFailure = (hook, error, timedOut) => this.#onFailure(record, hook, error, timedOut)
    this.#records.set(manifest.name, record)
    void this.#runtime.events.emit('plugin.loaded', { name: manifest.name, version: manifest.version })
    return record
  }

  #failed(cls: PluginClass | undefined, label: string, cause: unknown): void {
    const record = failedRecord(cls, label, cause, this.#order++)
    this.#runtime.logger.error({ plugin: record.name, code: record.error?.code }, record.error?.message)
    if (!this.#records.has(record.name)) this.#records.set(record.name, record)
  }

  async #startMany(records: PluginRecord[]): Promise<void> {
    const plan = planStart(records, this.#records)
    for (const [name, error] of plan.blocked) {
      const record = this.#records.get(name) as PluginRecord
      record.status = 'error'
      record.error = error
      this.#runtime.logger.error({ plugin: name, code: error.code }, error.message)
      await this.#runtime.events.emit('plugin.error', {
        name,
        hook: 'dependencies',
        error: { code: error.code, message: error.summary },
        timedOut: false,
      })
    }
    for (const record of plan.order) await this.#start(record)
  }

  async #start(record: PluginRecord): Promise<void> {
    for (const dep of Object.keys(record.manifest.dependencies ?? {})) {
      const target = this.#records.get(dep)
      if (target?.status !== 'active') {
        record.status = 'error'
        record.error = new BanterError(
          'DEPENDENCY_DOWN',
          `plugin "${record.name}" depends on "${dep}", which is ${target?.status ?? 'not loaded'}${target?.error ? `: ${target.error.summary}` : ''}`,
          {
            plugin: record.name,
          },
        )
        this.#runtime.logger.error({ plugin: record.name }, record.error.message)
        return
      }
    }
    record.status = 'initializing'
    record.error = undefined
    record.disabledBy = undefined
    const started = await initializePlugin(record, this.#runtime, (error, action) =>
      this.reportDenied(record, error, action),
    )
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
    record.stopping = started.abort
    record.teardown = started.dispose
    record.status = 'active'
    this.#started.push(record)
    this.#runtime.rebuildPipelines()
    launchRun(record, this.#runtime, started.ctx.signal)
    await this.#runtime.events.emit('plugin.enabled', { name: record.name })
    for (const other of this.#records.values()) {
      if (other.status === 'disabled' && other.disabledBy === record.name) await this.#startMany([other])
    }
  }

  async #stop(
    record: PluginRecord,
    reason: string,
    code?: string,
    status: 'disabled' | 'unloaded' = 'disabled',
  ): Promise<void> {
    if (record.status !== 'active') {
      record.status =
        status === 'unloaded' ? 'unloaded' : record.status === 'registered' ? 'disabled' : record.status
      return
    }
    for (const other of [...this.#started].reverse()) {
      if (
        other !== record &&
        other.status === 'active' &&
        other.manifest.dependencies?.[record.name] !== undefined
      ) {
        await this.#stop(other, `its dependency "${record.name}" stopped (${reason})`, 'DEPENDENCY_DOWN')
        other.disabledBy = record.name
      }
    }
    // Out of the pipelines first, then destroy() while the context still works (a plugin may send a
    // last message or hand work back to a queue), then everything registered through ctx goes.
    const instance = record.instance
    record.instance = undefined
    record.status = status
    record.stopping?.()
    record.stopping = undefined
    const at = this.#started.indexOf(record)
    if (at !== -1) this.#started.splice(at, 1)
    this.#runtime.rebuildPipelines()
    if (instance) {
      const result = this.#runtime.guard.call(
        record,
        'destroy',
        instance.destroy,
        instance,
        undefined,
        this.#runtime.timeouts.destroyMs,
      )
      if (result instanceof Promise) await result
    }
    record.teardown?.()
    record.teardown = undefined
    this.#runtime.logger.info({ plugin: record.name, reason }, `plugin "${record.name}" stopped: ${reason}`)
    await this.#runtime.events.emit('plugin.disabled', {
      name: record.name,
      reason,
      ...(code ? { code } : {}),
    })
  }

  #onFailure(record: PluginRecord, hook: string, error: Error, timedOut: boolean): void {
    if (!this.#reported.has(error)) reportFailure(this.#runtime, record, hook, error, timedOut)
    if (!breakerTrips(this.#runtime, record, hook)) return
    const breaker = new BanterError(
      'CIRCUIT_OPEN',
      `plugin "${record.name}" was disabled after ${record.stats.consecutiveFailures} failures in a row (last: ${hook}: ${error.message})`,
      { plugin: record.name, cause: error },
    )
    record.status = 'error'
    record.error = breaker
    this.#runtime.rebuildPipelines()
    void this.#exclusive(async () => {
      record.status = 'active'
      await this.#stop(record, breaker.summary, 'CIRCUIT_OPEN')
      record.error = breaker
    })
  }
}
