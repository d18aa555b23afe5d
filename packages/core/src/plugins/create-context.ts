import type { z } from 'zod'
import { hasAccess } from '../commands/access.js'
import type { CommandDefinition } from '../commands/command.js'
import { BanterError } from '../errors/banter-error.js'
import type { BotEventName, BotEvents, EventHandler } from '../events/bot-events.js'
import type { HttpAuth, HttpRoute, NodeHttpHandler } from '../http/http-route.js'
import type { ChatMessage, MessageDraft, MessageRef } from '../messages/chat-message.js'
import { toOutgoing } from '../messages/messenger.js'
import type { Permission } from '../permissions/permissions.js'
import { Disposables, type Disposer } from '../runtime/disposables.js'
import type { ServiceName } from '../services/services.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import { PluginTimers } from '../timers/plugin-timers.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginRecord } from './plugin-record.js'
import type { PluginRuntime } from './plugin-runtime.js'

/**
 * Builds the context of one plugin. Every registration goes into one {@link Disposables}; `dispose`
 * aborts the signal, removes listeners, commands, services, routes and timers, and makes any later
 * call through the context fail.
 */
export function createContext(
  record: PluginRecord,
  runtime: PluginRuntime,
  onDenied: (error: BanterError, action: string) => void,
): { ctx: PluginContext<unknown>; abort: () => void; dispose: () => void } {
  const stopped = () =>
    new BanterError('PLUGIN_NOT_LOADED', `plugin "${record.name}" stopped`, { plugin: record.name })
  const name = record.name
  const perms = record.permissions
  const effects = new Disposables()
  const abort = new AbortController()
  const logger = runtime.logger.child({ plugin: name })
  const timers = new PluginTimers(runtime.clock, runtime.timerCounter, (fn) => () => {
    runtime.guard.call(record, 'timer', fn, undefined, undefined)
  })

  let closed = false
  const alive = (action: string) => {
    if (closed) {
      throw new BanterError('PLUGIN_NOT_LOADED', `plugin "${name}" is stopped and cannot ${action}`, {
        plugin: name,
      })
    }
  }
  const track = (dispose: Disposer) => effects.add(dispose)
  const check = (permission: Permission, action: string) => {
    if (perms.has(permission)) return
    const error = perms.denial(permission, action)
    onDenied(error, action)
    throw error
  }
  const rejecting = <Result>(run: () => Promise<Result>): Promise<Result> => {
    try {
      return run()
    } catch (error) {
      return Promise.reject(error)
    }
  }

  const needsRead = (names: BotEventName | readonly BotEventName[]) =>
    (typeof names === 'string' ? [names] : names).includes('message.received')

  const events: PluginContext['events'] = {
    on<Name extends BotEventName>(names: Name | readonly Name[], handler: EventHandler<Name>) {
      alive('listen to events')
      if (needsRead(names)) check('messages:read', 'listen to message.received')
      return track(runtime.events.add(names, handler, record, false))
    },
    once<Name extends BotEventName>(eventName: Name, handler: EventHandler<Name>) {
      alive('listen to events')
      if (needsRead(eventName)) check('messages:read', 'listen to message.received')
      return track(runtime.events.add(eventName, handler, record, true))
    },
    emit<Name extends BotEventName>(eventName: Name, payload: BotEvents[Name]) {
      return runtime.events.emit(eventName, payload)
    },
  }

  // Permission errors reject the returned promise rather than throwing synchronously.
  const allowed = <Result>(
    permission: 'messages:send' | 'messages:delete',
    action: string,
    run: () => Promise<Result>,
  ) =>
    rejecting(() => {
      alive(action)
      check(permission, action)
      return run()
    })
  const messages: PluginContext['messages'] = {
    send: (channelId: string, draft: MessageDraft) =>
      allowed('messages:send', 'send messages', () =>
        runtime.messenger.deliver(toOutgoing(channelId, name, draft)),
      ),
    reply: (to: ChatMessage | MessageRef, draft: MessageDraft) =>
      allowed('messages:send', 'reply to messages', () =>
        runtime.messenger.deliver(toOutgoing(to.channelId, name, draft, { replyTo: to.id })),
      ),
    edit: (ref: MessageRef, draft: MessageDraft) =>
      allowed('messages:send', 'edit messages', () => runtime.messenger.edit(ref, name, draft)),
    delete: (ref: MessageRef) =>
      allowed('messages:delete', 'delete messages', () => runtime.messenger.delete(ref)),
    react: (ref: MessageRef, emoji: string) =>
      allowed('messages:send', 'react to messages', () => runtime.messenger.react(ref, emoji)),
  }

  let storage: PluginStorage | undefined
  const store = (): PluginStorage => {
    alive('use storage')
    check('storage', 'use storage')
    storage ??= runtime.storage().namespace(name)
    return storage
  }
  const storageView: PluginStorage = {
    get: (key) => rejecting(() => store().get(key)),
    set: (key, value, ttlMs) => rejecting(() => store().set(key, value, ttlMs)),
    delete: (key) => rejecting(() => store().delete(key)),
    has: (key) => rejecting(() => store().has(key)),
    clear: () => rejecting(() => store().clear()),
    entries: () => store().entries(),
  }

  const ctx: PluginContext<unknown> = {
    name,
    config: record.config,
    logger,
    events,
    storage: storageView,
    messages,
    commands: {
      register<Schema extends z.ZodObject>(definition: CommandDefinition<Schema>) {
        alive('register commands')
        return track(
          runtime.commands.register(record, definition as unknown as CommandDefinition<z.ZodObject>),
        )
      },
      run: (line: string, as: ChatMessage) =>
        rejecting(() => {
          alive('run commands')
          return runtime.runner.invoke(as, line)
        }),
      list: () => runtime.commands.list(),
    },
    services: {
      provide(service, implementation) {
        alive('provide services')
        return track(runtime.services.provide(name, service, implementation))
      },
      get<Name extends ServiceName>(service: Name) {
        return runtime.services.get(service, name) as never
      },
      tryGet<Name extends ServiceName>(service: Name) {
        return runtime.services.tryGet(service) as never
      },
    },
    timers,
    http: {
      route(route: HttpRoute) {
        alive('serve HTTP')
        check('http', 'serve HTTP routes')
        return track(runtime.routes.add({ kind: 'route', plugin: name, route }))
      },
      mount(path: string, handler: NodeHttpHandler, options?: { readonly auth?: HttpAuth }) {
        alive('serve HTTP')
        check('http', 'mount HTTP handlers')
        return track(
          runtime.routes.add({ kind: 'mount', plugin: name, path, handler, auth: options?.auth ?? 'none' }),
        )
      },
    },
    permissions: perms,
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
          runtime.guard.fail(record, label, error instanceof Error ? error : new Error(String(error)), false)
          return undefined
        }
      })()
      runtime.track(task)
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
      if (!abort.signal.aborted) abort.abort(stopped())
    },
    dispose: () => {
      if (closed) return
      closed = true
      if (!abort.signal.aborted) abort.abort(stopped())
      timers.clearAll()
      for (const error of effects.disposeAll())
        logger.warn({ err: error }, 'a disposer failed while the plugin stopped')
    },
  }
}
