import type { AuditActor } from '../audit/audit-log.js'
import { maskSecrets } from '../config/option-paths.js'
import { type JsonSchema, optionsJsonSchema } from '../config/options-json-schema.js'
import { validateOptions } from '../config/validate-options.js'
import { BanterError } from '../errors/banter-error.js'
import type { HandlerSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PluginClass } from './base-plugin.js'
import { failedRecord } from './failed-record.js'
import { breakerVerdict, reportFailure, switchOffHandler } from './failure-policy.js'
import { validateManifest } from './manifest.js'
import { type ConfigureResult, configurePlugin, pluginSecretPaths } from './plugin-configure.js'
import { PluginLifecycle } from './plugin-lifecycle.js'
import { loadPluginModule } from './plugin-loader.js'
import type { FailureHandler, PluginInfo, PluginRecord } from './plugin-record.js'
import { assertNameFree, registerPlugin } from './register-plugin.js'
import { findSandbox, loadSandboxProvider, sandboxedSettings } from './sandbox-hook.js'
import type { SandboxSettings } from './sandbox-settings.js'

/** A plugin as `createBot({ plugins })` takes it: a class or specifier, alone or with options. */
export type PluginEntry = PluginClass | string | readonly [PluginClass | string, unknown]

/**
 * Loads, starts, stops and unloads plugins (`bot.plugins`). Start-up follows dependencies; a plugin
 * that fails stays in `error` while the others run; the circuit breaker switches off a handler that
 * keeps failing (or the whole plugin, when a message hook does); disabling a plugin first disables
 * the plugins that depend on it. Lifecycle operations run one at a time.
 */
export class PluginManager {
  readonly #runtime: Runtime
  readonly #life: PluginLifecycle
  #order = 0
  #running = false
  #queue: Promise<unknown> = Promise.resolve()

  /** @internal Bots create their plugin manager. */
  constructor(runtime: Runtime) {
    this.#runtime = runtime
    this.#life = new PluginLifecycle(runtime)
    runtime.scopes.attach((name) => this.#life.records.get(name))
    runtime.pluginStats = () => new Map([...this.#life.records].map(([name, r]) => [name, r.stats]))
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
      if (this.#running) await this.#life.startMany(records)
      return records.map((r) => r.info())
    })
  }

  /** Unloads a plugin: stops it (and disables its dependents) and forgets it. */
  unload(name: string): Promise<void> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      await this.#life.stop(record, 'unloaded', { unload: true })
      this.#life.records.delete(name)
      await this.#runtime.events.emit('plugin.unloaded', { name })
    })
  }

  /**
   * Starts a plugin that is registered, disabled or in error (plugins disabled because it was down
   * start again too). An active plugin with switched-off handlers is restarted, which brings them back.
   */
  enable(name: string): Promise<PluginInfo> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      if (record.status === 'active' && record.switchedOff.length > 0)
        await this.#life.stop(record, 'restarting')
      if (record.status !== 'active') await this.#life.startMany([record])
      return record.info()
    })
  }

  /** Stops a plugin (its dependents first); it stays loaded and can be enabled again. */
  disable(name: string, reason = 'disabled by the operator'): Promise<PluginInfo> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      await this.#life.stop(record, reason)
      return record.info()
    })
  }

  /** Stops and starts a plugin again; a plugin loaded from a file is re-read from disk first. */
  reload(name: string): Promise<PluginInfo> {
    return this.#exclusive(async () => {
      const record = this.#require(name)
      if (record.source !== 'class') {
        const sandboxed = sandboxedSettings(record.pluginClass)
        const { classes } = sandboxed
          ? await this.#loadSandboxed(record.source, { key: name, settings: sandboxed }, true)
          : await loadPluginModule(record.source, this.#runtime.baseDir, true, this.#runtime.resolvePaths)
        const found = classes.find((c) => c.manifest?.name === name)
        const next = found && (await this.#sandbox(found, record.source))
        if (!next)
          throw new BanterError(
            'PLUGIN_EXPORTS_INVALID',
            `"${record.source}" no longer exports plugin "${name}"`,
            {
              plugin: name,
            },
          )
        record.pluginClass = next
      }
      await this.#life.stop(record, 'reloading')
      record.stats.reset()
      record.config = await validateOptions(name, record.pluginClass.configSchema, record.options)
      await this.#life.startMany([record])
      return record.info()
    })
  }

  /**
   * Changes a plugin's options while it runs: `patch` is a JSON merge patch on the options it was
   * given. Validated first (`CONFIG_INVALID`, nothing changed), then applied through the plugin's
   * `onConfigChange` or by restarting it alone (storage kept); a failed apply rolls back
   * (`CONFIG_APPLY_FAILED`). Emits `plugin.configured`; with `actor`, the audit log records it.
   */
  configure(name: string, patch: unknown, actor?: AuditActor): Promise<ConfigureResult> {
    return this.#exclusive(() =>
      configurePlugin(this.#runtime, this.#life, this.#require(name), patch, actor),
    )
  }

  /** The JSON Schema of a plugin's options: descriptions, defaults, enums, `secret: true` marks. */
  schema(name: string): JsonSchema {
    return optionsJsonSchema(this.#require(name).pluginClass.configSchema)
  }

  /** The options a plugin runs on, as given (defaults not applied), secret values masked. */
  options(name: string): unknown {
    const record = this.#require(name)
    return maskSecrets(record.options ?? {}, pluginSecretPaths(record.pluginClass))
  }

  /** The plugin named `name`, or `undefined`. */
  get(name: string): PluginInfo | undefined {
    return this.#life.records.get(name)?.info()
  }

  /** Every loaded plugin, in load order. */
  list(): PluginInfo[] {
    return [...this.#life.records.values()].map((r) => r.info())
  }

  /** @internal Active plugin records in pipeline order (priority, then load order). */
  active(): PluginRecord[] {
    return this.#life.active()
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
    return this.#exclusive(async () => {
      this.#running = true
      await this.#life.startMany([...this.#life.records.values()].filter((r) => r.status === 'registered'))
    })
  }

  /** @internal Stops every plugin, dependents first. */
  stopAll(reason: string): Promise<void> {
    return this.#exclusive(async () => {
      this.#running = false
      for (const record of [...this.#life.started].reverse()) await this.#life.stop(record, reason)
    })
  }

  #exclusive<Result>(run: () => Promise<Result>): Promise<Result> {
    const next = this.#queue.then(run, run)
    this.#queue = next.catch(() => undefined)
    return next
  }

  #require(name: string): PluginRecord {
    const record = this.#life.records.get(name)
    if (!record) throw new BanterError('PLUGIN_NOT_LOADED', `no plugin named "${name}" is loaded`)
    return record
  }

  /**
   * The plugin classes at a specifier. Entries of a plugin folder that were skipped are logged at
   * `warn` with why; modules that failed to load are recorded in `error`, so `plugins list` shows them.
   */
  async #resolve(target: PluginClass | string): Promise<{ classes: PluginClass[]; source: string }> {
    if (typeof target !== 'string') return { classes: [target], source: 'class' }
    // A sandboxed specifier is loaded inside its guest: its code never runs in this process.
    const sandbox = findSandbox(this.#runtime.sandbox, [target])
    if (sandbox) return this.#loadSandboxed(target, sandbox, false)
    const loaded = await loadPluginModule(target, this.#runtime.baseDir, false, this.#runtime.resolvePaths)
    for (const { path, reason } of loaded.skipped ?? [])
      this.#runtime.logger.warn({ path, reason }, `skipped ${path}: ${reason}`)
    for (const { path, error } of loaded.failed ?? []) this.#failed(undefined, path, error)
    return loaded
  }

  async #loadSandboxed(
    specifier: string,
    sandbox: { key: string; settings: SandboxSettings },
    fresh: boolean,
  ): Promise<{ classes: PluginClass[]; source: string }> {
    const provider = await loadSandboxProvider()
    return provider.load(specifier, { ...this.#sandboxRequest(sandbox), fresh })
  }

  /** Wraps a class loaded in this process when the sandbox settings name it by its manifest name. */
  async #sandbox(cls: PluginClass, source: string): Promise<PluginClass> {
    const name = cls.manifest?.name
    if (sandboxedSettings(cls) || typeof name !== 'string') return cls
    const sandbox = findSandbox(this.#runtime.sandbox, [name])
    if (!sandbox) return cls
    const provider = await loadSandboxProvider()
    return provider.wrap(cls, source, this.#sandboxRequest(sandbox))
  }

  #sandboxRequest(sandbox: { key: string; settings: SandboxSettings }) {
    const { baseDir, resolvePaths, timeouts, logger } = this.#runtime
    return { ...sandbox, baseDir, resolvePaths, timeouts, logger }
  }

  async #register(loaded: PluginClass, options: unknown, source: string): Promise<PluginRecord> {
    validateManifest(loaded.manifest, loaded.name || source)
    const cls = await this.#sandbox(loaded, source)
    const record = await registerPlugin(this.#runtime, cls, options, source, this.#order++)
    assertNameFree(this.#life.records, record.name)
    record.failures = this.#failureHandler
    this.#life.records.set(record.name, record)
    void this.#runtime.events.emit('plugin.loaded', { name: record.name, version: record.manifest.version })
    return record
  }

  #failed(cls: PluginClass | undefined, label: string, cause: unknown): void {
    const record = failedRecord(cls, label, cause, this.#order++)
    this.#runtime.logger.error({ plugin: record.name, code: record.error?.code }, record.error?.message)
    if (!this.#life.records.has(record.name)) this.#life.records.set(record.name, record)
  }

  /** One handler for every plugin's failures (a record keeps a pointer to it, not a closure of its own). */
  readonly #failureHandler: FailureHandler = {
    onFailure: (record, hook, error, timedOut, slot) => this.#onFailure(record, hook, error, timedOut, slot),
    reportDenied: (record, error, action) => this.#life.reportDenied(record, error, action),
  }

  #onFailure(
    record: PluginRecord,
    hook: string,
    error: Error,
    timedOut: boolean,
    slot: HandlerSlot | undefined,
  ): void {
    if (!this.#life.reported(error)) reportFailure(this.#runtime, record, hook, error, timedOut)
    const verdict = breakerVerdict(this.#runtime, record, slot)
    if (verdict === 'none' || slot === undefined) return
    if (verdict === 'handler') {
      switchOffHandler(this.#runtime, record, slot, error)
      return
    }
    const breaker = new BanterError(
      'CIRCUIT_OPEN',
      `plugin "${record.name}" was disabled after ${slot.failures} failures in a row of ${slot.label} (last: ${error.message})`,
      { plugin: record.name, cause: error },
    )
    record.tripped = true
    this.#life.rebuild()
    void this.#exclusive(() =>
      this.#life.stop(record, breaker.summary, { code: 'CIRCUIT_OPEN', error: breaker }),
    )
  }
}
