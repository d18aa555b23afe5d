import { setMaxListeners } from 'node:events'
import type { z } from 'zod'
import { hasAccess } from '../commands/access.js'
import type { CommandDefinition } from '../commands/command.js'
import { BanterError } from '../errors/banter-error.js'
import type { HttpAuth, HttpRoute, NodeHttpHandler } from '../http/http-route.js'
import type { ChatMessage } from '../messages/chat-message.js'
import type { Permission } from '../permissions/permissions.js'
import { Disposables } from '../runtime/disposables.js'
import { FAILED } from '../runtime/guard.js'
import { HandlerSlot, lifecycleSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { ServiceCaller } from '../services/service-registry.js'
import type { ServiceName } from '../services/services.js'
import type { PluginLocks } from '../storage/plugin-locks.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import { PluginTimers } from '../timers/plugin-timers.js'
import { createScopedEvents } from './context-events.js'
import { type ContextKit, rejecting, stoppedError } from './context-kit.js'
import { createPluginManagement } from './context-manage.js'
import { createPluginMessages } from './context-messages.js'
import { createPluginUi } from './context-ui.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginRecord } from './plugin-record.js'

/**
 * Listeners a plugin's `ctx.signal` takes before Node warns of a leak: one per operation in flight is
 * normal (an attachment scan, a download), so the warning comes only far beyond any real concurrency.
 */
const SIGNAL_LISTENERS = 10_000

/**
 * Builds the context of one plugin. Every registration goes into one {@link Disposables}; `dispose`
 * aborts the signal, removes listeners, commands, services, routes and timers, and makes any later
 * call through the context fail.
 */
export function createContext(
  record: PluginRecord,
  runtime: Runtime,
  onDenied: (error: BanterError, action: string) => void,
): { ctx: PluginContext<unknown>; abort: () => void; dispose: () => void } {
  const name = record.name
  const perms = record.permissions
  const effects = new Disposables()
  const abort = new AbortController()
  // Each operation in flight may listen to the plugin's signal (and remove its listener when done):
  // many at once is normal, not the leak Node warns about from 11 listeners on.
  setMaxListeners(SIGNAL_LISTENERS, abort.signal)
  const logger = runtime.logger.child({ plugin: name })
  let closed = false
  const kit: ContextKit = {
    record,
    runtime,
    track: (dispose) => effects.add(dispose),
    check: (permission, action) => {
      if (perms.has(permission)) return
      const error = perms.denial(permission, action)
      onDenied(error, action)
      throw error
    },
    alive: (action) => {
      if (closed) throw stoppedError(name, action)
    },
    report: onDenied,
  }
  const { track, check, alive } = kit
  const timers = new PluginTimers(runtime.clock, runtime.timerCounter, (fn, slot) => () => {
    runtime.guard.call(record, slot.label, fn, undefined, undefined, record.timeoutMs, slot)
  })
  const messages = createPluginMessages(kit)

  let storage: PluginStorage | undefined
  const store = (): PluginStorage => {
    alive('use storage')
    check('storage', 'use storage')
    storage ??= runtime.requireStorage().namespace(name)
    return storage
  }
  const storageView: PluginStorage = {
    get: (key) => rejecting(() => store().get(key)),
    set: (key, value, ttlMs) => rejecting(() => store().set(key, value, ttlMs)),
    delete: (key) => rejecting(() => store().delete(key)),
    has: (key) => rejecting(() => store().has(key)),
    clear: () => rejecting(() => store().clear()),
    entries: () => store().entries(),
    increment: (key, by, options) => rejecting(() => store().increment(key, by, options)),
    update: (key, fn, options) => rejecting(() => store().update(key, fn, options)),
    list: (prefix) => rejecting(() => store().list(prefix)),
  }

  let locks: PluginLocks | undefined
  const lockView: PluginLocks = {
    run: (key, fn, options) =>
      rejecting(() => {
        alive('take locks')
        check('storage', 'take locks')
        locks ??= runtime.requireStorage().locks(name)
        return locks.run(key, fn, options)
      }),
  }

  const caller: ServiceCaller = {
    name,
    can: (permission) => perms.has(permission),
    assert: (permission, action) => check(permission, action),
    messages,
  }
  const commandCaller = { name, assertMaySend: () => check('messages:send', 'send what a command answers') }

  const guardedRoute = (route: HttpRoute): (() => void) => {
    let off: (() => void) | undefined
    const slot = new HandlerSlot(`route:${route.method} ${route.path}`, 'route', () => off?.())
    const wrapped: HttpRoute = {
      ...route,
      handler: async (request) => {
        const result = runtime.guard.call(
          record,
          slot.label,
          route.handler,
          route,
          request,
          record.timeoutMs,
          slot,
        )
        const value = result instanceof Promise ? await result : result
        if (value === FAILED) {
          throw new BanterError('HOOK_FAILED', `plugin "${name}": ${slot.label} failed`, { plugin: name })
        }
        return value
      },
    }
    off = track(runtime.routes.add({ kind: 'route', plugin: name, route: wrapped }))
    return off
  }

  const ctx: PluginContext<unknown> = {
    name,
    get config() {
      return record.config
    },
    configFor: (place) => runtime.scopes.configFor(name, place),
    logger,
    events: createScopedEvents(kit),
    storage: storageView,
    locks: lockView,
    messages,
    commands: {
      register<Schema extends z.ZodObject>(definition: CommandDefinition<Schema>) {
        alive('register commands')
        // The breaker's verdict outlives a re-registration (a sandbox guest that restarted registers
        // its commands again): only `enable` or `reload` brings a switched-off command back.
        if (record.switchedOff.some((h) => h.handler === `command:${definition.name}`)) {
          logger.debug({ command: definition.name }, 'a switched-off command stays off')
          return () => undefined
        }
        return track(
          runtime.commands.register(
            record,
            definition as unknown as CommandDefinition<z.ZodObject>,
            (to, draft) => messages.reply(to, draft),
          ),
        )
      },
      run: (line: string, as: ChatMessage) =>
        rejecting(() => {
          alive('run commands')
          return runtime.runner.invoke(as, line, commandCaller)
        }),
      list: () => runtime.commands.list(),
    },
    services: {
      provide(service, implementation) {
        alive('provide services')
        return track(runtime.services.provide(name, service, implementation))
      },
      provideFor(service, bind) {
        alive('provide services')
        return track(
          runtime.services.provide(name, service, undefined, bind as (caller: ServiceCaller) => unknown),
        )
      },
      get<Name extends ServiceName>(service: Name) {
        return runtime.services.get(service, caller) as never
      },
      tryGet<Name extends ServiceName>(service: Name) {
        return runtime.services.tryGet(service, caller) as never
      },
    },
    timers,
    http: {
      route(route: HttpRoute) {
        alive('serve HTTP')
        check('http', 'serve HTTP routes')
        return guardedRoute(route)
      },
      mount(
        path: string,
        handler: NodeHttpHandler,
        options?: { readonly auth?: HttpAuth; readonly root?: boolean },
      ) {
        alive('serve HTTP')
        check('http', 'mount HTTP handlers')
        if (options?.root) check('manage', 'mount HTTP handlers at the root')
        const root = options?.root ? { root: true } : {}
        return track(
          runtime.routes.add({
            kind: 'mount',
            plugin: name,
            path,
            handler,
            auth: options?.auth ?? 'none',
            ...root,
          }),
        )
      },
    },
    ui: createPluginUi(kit),
    admin: createPluginManagement(kit),
    permissions: perms,
    can: (permission: Permission) => perms.has(permission),
    onDispose: (dispose) => {
      alive('register disposers')
      return track(dispose)
    },
    signal: abort.signal,
    bot: runtime.info,
    hasAccess: (who, levels, guildId) =>
      'author' in who
        ? hasAccess(runtime.access, who.author, levels, who.guildId)
        : hasAccess(runtime.access, who, levels, guildId),
    background: (work, label = 'background') => {
      const task = (async () => {
        try {
          return await (typeof work === 'function' ? work() : work)
        } catch (error) {
          runtime.guard.fail(
            record,
            label,
            error instanceof Error ? error : new Error(String(error)),
            false,
            lifecycleSlot(label),
          )
          return undefined
        }
      })()
      runtime.tasks.track(name, task)
      return task
    },
    fetch: (input, init) =>
      rejecting(() => {
        alive('use the network')
        check('network', 'use the network')
        return fetch(input, init)
      }),
  }

  return {
    ctx,
    abort: () => {
      if (!abort.signal.aborted) abort.abort(stoppedError(name))
    },
    dispose: () => {
      if (closed) return
      closed = true
      if (!abort.signal.aborted) abort.abort(stoppedError(name))
      timers.clearAll()
      for (const error of effects.disposeAll())
        logger.warn({ err: error }, 'a disposer failed while the plugin stopped')
    },
  }
}
