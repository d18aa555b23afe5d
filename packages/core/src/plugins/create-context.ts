import { setMaxListeners } from 'node:events'
import type { Logger } from 'pino'
import type { BanterError } from '../errors/banter-error.js'
import type { PermissionSet } from '../permissions/permissions.js'
import type { BotInfo } from '../runtime/bot-info.js'
import { Disposables } from '../runtime/disposables.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PluginLocks } from '../storage/plugin-locks.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import { PluginTimers } from '../timers/plugin-timers.js'
import { createScopedEvents } from './context-events.js'
import { createPluginHttp } from './context-http.js'
import { type ContextKit, stoppedError } from './context-kit.js'
import { createPluginManagement } from './context-manage.js'
import { createPluginMessages } from './context-messages.js'
import { type Methods, methodsOf } from './context-methods.js'
import { createPluginCommands, createPluginServices } from './context-services.js'
import { createLockView, createStorageView } from './context-storage.js'
import { createPluginUi } from './context-ui.js'
import type {
  PluginCommands,
  PluginContext,
  PluginHttp,
  PluginMessages,
  PluginServices,
  ScopedEvents,
} from './plugin-context.js'
import type { PluginManagement } from './plugin-management.js'
import type { PluginRecord } from './plugin-record.js'
import type { PluginUi } from './plugin-ui.js'

/**
 * Listeners a plugin's `ctx.signal` takes before Node warns of a leak: one per operation in flight is
 * normal (an attachment scan, a download), so the warning comes only far beyond any real concurrency.
 */
const SIGNAL_LISTENERS = 10_000

/**
 * @internal A plugin's context. Its parts (`events`, `storage`, `messages`, the logger, the signal,
 * ...) are made when the plugin first uses them, so a plugin that uses few of them costs little: a
 * loaded no-op plugin keeps no closures, no logger and no abort controller. Methods read no `this`
 * (each is a closure made on first access), so `const { fetch } = ctx` keeps working.
 */
class LiveContext implements PluginContext<unknown> {
  readonly #record: PluginRecord
  readonly #runtime: Runtime
  /** 0 running, 1 signal aborted, 2 disposed. */
  #state = 0
  #parts: Parts | undefined

  constructor(record: PluginRecord, runtime: Runtime) {
    this.#record = record
    this.#runtime = runtime
  }

  get name(): string {
    return this.#record.name
  }
  get config(): unknown {
    return this.#record.config
  }
  get permissions(): PermissionSet {
    return this.#record.permissions
  }
  get bot(): BotInfo {
    return this.#runtime.info
  }
  get logger(): Logger {
    const parts = this.#p()
    parts.logger ??= this.#runtime.logger.child({ plugin: this.#record.name })
    return parts.logger
  }
  get signal(): AbortSignal {
    const parts = this.#p()
    if (parts.abort === undefined) {
      parts.abort = new AbortController()
      // Each operation in flight may listen to the plugin's signal (and remove its listener when
      // done): many at once is normal, not the leak Node warns about from 11 listeners on.
      setMaxListeners(SIGNAL_LISTENERS, parts.abort.signal)
      if (this.#state !== 0) parts.abort.abort(stoppedError(this.#record.name))
    }
    return parts.abort.signal
  }
  get events(): ScopedEvents {
    const parts = this.#p()
    parts.events ??= createScopedEvents(this.#toolkit())
    return parts.events
  }
  get storage(): PluginStorage {
    const parts = this.#p()
    parts.storage ??= createStorageView(this.#toolkit())
    return parts.storage
  }
  get locks(): PluginLocks {
    const parts = this.#p()
    parts.locks ??= createLockView(this.#toolkit())
    return parts.locks
  }
  get messages(): PluginMessages {
    const parts = this.#p()
    parts.messages ??= createPluginMessages(this.#toolkit())
    return parts.messages
  }
  get commands(): PluginCommands {
    const parts = this.#p()
    parts.commands ??= createPluginCommands(this.#toolkit(), () => this.messages)
    return parts.commands
  }
  get services(): PluginServices {
    const parts = this.#p()
    parts.services ??= createPluginServices(this.#toolkit(), () => this.messages)
    return parts.services
  }
  get timers(): PluginTimers {
    const parts = this.#p()
    if (parts.timers === undefined) {
      const record = this.#record
      const runtime = this.#runtime
      parts.timers = new PluginTimers(runtime.clock, runtime.timerCounter, (fn, slot) => () => {
        runtime.guard.call(record, slot.label, fn, undefined, undefined, record.timeoutMs, slot)
      })
    }
    return parts.timers
  }
  get http(): PluginHttp {
    const parts = this.#p()
    parts.http ??= createPluginHttp(this.#toolkit())
    return parts.http
  }
  get ui(): PluginUi {
    const parts = this.#p()
    parts.ui ??= createPluginUi(this.#toolkit())
    return parts.ui
  }
  get admin(): PluginManagement {
    const parts = this.#p()
    parts.admin ??= createPluginManagement(this.#toolkit())
    return parts.admin
  }
  get configFor(): Methods['configFor'] {
    return this.#fns().configFor
  }
  get can(): Methods['can'] {
    return this.#fns().can
  }
  get onDispose(): Methods['onDispose'] {
    return this.#fns().onDispose
  }
  get hasAccess(): Methods['hasAccess'] {
    return this.#fns().hasAccess
  }
  get background(): Methods['background'] {
    return this.#fns().background
  }
  get fetch(): Methods['fetch'] {
    return this.#fns().fetch
  }

  /** Aborts `ctx.signal` (the context still works until {@link LiveContext.dispose}). */
  static abort(ctx: LiveContext): void {
    if (ctx.#state === 0) ctx.#state = 1
    const abort = ctx.#parts?.abort
    if (abort !== undefined && !abort.signal.aborted) abort.abort(stoppedError(ctx.#record.name))
  }

  /** Removes everything registered through the context; later calls through it fail. */
  static dispose(ctx: LiveContext): void {
    if (ctx.#state === 2) return
    ctx.#state = 2
    LiveContext.abort(ctx)
    const parts = ctx.#parts
    if (parts === undefined) return
    parts.timers?.clearAll()
    for (const error of parts.effects?.disposeAll() ?? [])
      ctx.logger.warn({ err: error }, 'a disposer failed while the plugin stopped')
  }

  /** The parts made so far (the holder itself is made on the first part's use). */
  #p(): Parts {
    this.#parts ??= new Parts()
    return this.#parts
  }

  /** What every part of the context is built from (made once, on the first part's use). */
  #toolkit(): ContextKit {
    const parts = this.#p()
    if (parts.kit !== undefined) return parts.kit
    const record = this.#record
    const perms = record.permissions
    const onDenied = (error: BanterError, action: string) =>
      record.failures?.reportDenied(record, error, action)
    parts.kit = {
      record,
      runtime: this.#runtime,
      track: (dispose) => {
        parts.effects ??= new Disposables()
        return parts.effects.add(dispose)
      },
      check: (permission, action) => {
        if (perms.has(permission)) return
        const error = perms.denial(permission, action)
        onDenied(error, action)
        throw error
      },
      alive: (action) => {
        if (this.#state === 2) throw stoppedError(record.name, action)
      },
      report: onDenied,
      logger: () => this.logger,
    }
    return parts.kit
  }

  #fns(): Methods {
    const parts = this.#p()
    parts.methods ??= methodsOf(this.#record, this.#runtime, this.#toolkit())
    return parts.methods
  }
}

/** The parts of one context made so far. */
class Parts {
  abort: AbortController | undefined = undefined
  effects: Disposables | undefined = undefined
  timers: PluginTimers | undefined = undefined
  kit: ContextKit | undefined = undefined
  logger: Logger | undefined = undefined
  events: ScopedEvents | undefined = undefined
  storage: PluginStorage | undefined = undefined
  locks: PluginLocks | undefined = undefined
  messages: PluginMessages | undefined = undefined
  commands: PluginCommands | undefined = undefined
  services: PluginServices | undefined = undefined
  http: PluginHttp | undefined = undefined
  ui: PluginUi | undefined = undefined
  admin: PluginManagement | undefined = undefined
  methods: Methods | undefined = undefined
}

/**
 * Builds the context of one plugin. Every registration goes into one {@link Disposables}; `dispose`
 * aborts the signal, removes listeners, commands, services, routes and timers, and makes any later
 * call through the context fail.
 */
export function createContext(record: PluginRecord, runtime: Runtime): PluginContext<unknown> {
  return new LiveContext(record, runtime)
}

/** @internal Aborts the signal of a context {@link createContext} made (the context still works). */
export function abortContext(ctx: PluginContext<unknown>): void {
  if (ctx instanceof LiveContext) LiveContext.abort(ctx)
}

/**
 * @internal Removes everything registered through a context {@link createContext} made, and makes
 * later calls through it fail.
 */
export function disposeContext(ctx: PluginContext<unknown>): void {
  if (ctx instanceof LiveContext) LiveContext.dispose(ctx)
}
