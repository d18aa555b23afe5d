import type { BanterError } from '../errors/banter-error.js'
import type { PermissionSet } from '../permissions/permissions.js'
import type { GuardedOwner } from '../runtime/guard.js'
import type { HandlerSlot } from '../runtime/handler-slot.js'
import { PluginStats } from '../runtime/plugin-stats.js'
import type { BasePlugin, PluginClass } from './base-plugin.js'
import type { PluginManifest } from './manifest.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginInfo, PluginStatus, SwitchedOffHandler } from './plugin-info.js'

export type { PluginInfo, PluginStatus, SwitchedOffHandler }

/** @internal Reports a permission refusal once (the plugin lifecycle). */
export interface DenialReporter {
  reportDenied(record: PluginRecord, error: BanterError, action: string): void
}

/** @internal A plugin's context and its controls. */
export interface ContextControls {
  readonly ctx: PluginContext<unknown>
  /** Aborts `ctx.signal` (the context still works). */
  abort(): void
  /** Removes everything registered through the context and makes later calls through it fail. */
  dispose(): void
}

/** @internal Handles the failures of plugins' calls (the plugin manager). */
export interface FailureHandler {
  onFailure(
    record: PluginRecord,
    hook: string,
    error: Error,
    timedOut: boolean,
    slot: HandlerSlot | undefined,
  ): void
}

/**
 * @internal The plugin manager's bookkeeping for one plugin. It owns the plugin's status: only its
 * transition methods change it.
 */
export class PluginRecord implements GuardedOwner {
  readonly name: string
  readonly stats = new PluginStats()
  instance: BasePlugin<unknown> | undefined
  config: unknown
  /** Set when the plugin was disabled because the named dependency went down. */
  disabledBy: string | undefined
  /** The plugin's context while it runs: aborts its signal, disposes it. */
  context: ContextControls | undefined
  /** Who handles the plugin's failures (the plugin manager: report, breaker). */
  failures: FailureHandler | undefined
  /** The last failure reported (what `initialize` failed of, when it did). */
  lastError: Error | undefined
  /** The failure records of the instance's message hooks (made when it joins a pipeline). */
  inboundSlot: HandlerSlot | undefined
  /** See {@link PluginRecord.inboundSlot}. */
  outboundSlot: HandlerSlot | undefined
  /** Set when the breaker is disabling the plugin: it leaves the pipelines at once. */
  tripped = false
  /** Handlers switched off by the breaker while the plugin runs. */
  readonly switchedOff: SwitchedOffHandler[] = []
  #status: PluginStatus = 'registered'
  #error: BanterError | undefined

  constructor(
    public pluginClass: PluginClass,
    public readonly manifest: PluginManifest,
    public options: unknown,
    public readonly permissions: PermissionSet,
    public readonly source: string,
    public readonly order: number,
    public readonly timeoutMs: number,
  ) {
    this.name = manifest.name
  }

  /** Called by the guard once per failed call: remembered, then handed to {@link PluginRecord.failures}. */
  onFailure(hook: string, error: Error, timedOut: boolean, slot: HandlerSlot | undefined): void {
    this.lastError = error
    this.failures?.onFailure(this, hook, error, timedOut, slot)
  }

  /** Where the plugin is in its life. */
  get status(): PluginStatus {
    return this.#status
  }

  /** Why it is in `error` or was disabled. */
  get error(): BanterError | undefined {
    return this.#error
  }

  /** `initialize` is about to run. */
  initializing(): void {
    this.#status = 'initializing'
    this.#error = undefined
    this.disabledBy = undefined
    this.switchedOff.length = 0
    this.inboundSlot = undefined
    this.outboundSlot = undefined
  }

  /** The plugin initialized and takes part in the pipelines. */
  activate(): void {
    this.#status = 'active'
  }

  /** The plugin cannot run: `error` with why. */
  fail(error: BanterError): void {
    this.#status = 'error'
    this.#error = error
  }

  /** The plugin stopped and stays loaded: `disabled`, keeping the error that stopped it, if any. */
  disable(error?: BanterError): void {
    this.#status = 'disabled'
    if (error) this.#error = error
  }

  /** The plugin is gone. */
  unload(): void {
    this.#status = 'unloaded'
  }

  /** The public view. */
  info(): PluginInfo {
    return {
      name: this.name,
      version: this.manifest.version,
      description: this.manifest.description,
      status: this.#status,
      ...(this.#error ? { error: { code: this.#error.code, message: this.#error.summary } } : {}),
      stats: this.stats.snapshot(),
      permissions: this.permissions.list(),
      emits: this.manifest.emits ?? [],
      dependencies: this.manifest.dependencies ?? {},
      switchedOff: [...this.switchedOff],
      source: this.source,
      ...(this.manifest.license ? { license: this.manifest.license } : {}),
      ...(this.manifest.homepage ? { homepage: this.manifest.homepage } : {}),
      ...(this.manifest.category ? { category: this.manifest.category } : {}),
      ...(this.manifest.keywords ? { keywords: this.manifest.keywords } : {}),
    }
  }
}
