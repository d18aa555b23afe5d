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

const NONE_OFF: readonly SwitchedOffHandler[] = Object.freeze([])

/** What a plugin that failed keeps until it starts again. */
class FailureMarks {
  lastError: Error | undefined = undefined
  inboundSlot: HandlerSlot | undefined = undefined
  outboundSlot: HandlerSlot | undefined = undefined
  readonly switchedOff: SwitchedOffHandler[] = []
}

/** @internal Handles the failures of plugins' calls and their refusals (the plugin manager). */
export interface FailureHandler {
  /** Reports a permission refusal once (`plugin.error`), even if the plugin lets the error escape. */
  reportDenied(record: PluginRecord, error: BanterError, action: string): void
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
  /** The plugin's context while it runs. */
  context: PluginContext<unknown> | undefined
  /** Who handles the plugin's failures (the plugin manager: report, breaker). */
  failures: FailureHandler | undefined
  /** Counts the plugin's starts: a breaker's cool-down from an earlier start does nothing. */
  generation = 0
  /** Set when the breaker is disabling the plugin: it leaves the pipelines at once. */
  tripped = false
  // What only a plugin that failed has: made on its first failure.
  #marks: FailureMarks | undefined
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

  /** Handlers switched off by the breaker while the plugin runs. */
  get switchedOff(): readonly SwitchedOffHandler[] {
    return this.#marks?.switchedOff ?? NONE_OFF
  }

  /** Records a handler the breaker switched off. */
  handlerSwitchedOff(entry: SwitchedOffHandler): void {
    this.#mark().switchedOff.push(entry)
  }

  /** A handler the breaker had switched off is on again (on trial). */
  handlerSwitchedOn(handler: string): void {
    const list = this.#marks?.switchedOff
    const at = list?.findIndex((h) => h.handler === handler) ?? -1
    if (at !== -1) list?.splice(at, 1)
  }

  /** The last failure reported (what `initialize` failed of, when it did). */
  get lastError(): Error | undefined {
    return this.#marks?.lastError
  }
  set lastError(error: Error | undefined) {
    if (error !== undefined || this.#marks !== undefined) this.#mark().lastError = error
  }

  /** The failure record of the instance's `onMessageReceived`, made on its first failure. */
  get inboundSlot(): HandlerSlot | undefined {
    return this.#marks?.inboundSlot
  }
  set inboundSlot(slot: HandlerSlot | undefined) {
    this.#mark().inboundSlot = slot
  }

  /** The failure record of the instance's `onMessageSent`, made on its first failure. */
  get outboundSlot(): HandlerSlot | undefined {
    return this.#marks?.outboundSlot
  }
  set outboundSlot(slot: HandlerSlot | undefined) {
    this.#mark().outboundSlot = slot
  }

  #mark(): FailureMarks {
    this.#marks ??= new FailureMarks()
    return this.#marks
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
    this.generation += 1
    this.#status = 'initializing'
    this.#error = undefined
    this.disabledBy = undefined
    this.#marks = undefined
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
