import {
  BanterError,
  type ChatMessage,
  type ChatUser,
  type MessageDraft,
  type Permission,
  PermissionSet,
  type PluginContext,
  type PluginLocks,
  type PluginStorage,
} from '@banter/core/guest'
import { sandboxError } from '../errors.js'
import { toErrorData } from '../wire/error-data.js'
import { plainData } from '../wire/plain-data.js'
import type { StartInfo } from '../wire/protocol.js'
import type { GuestChannel } from './guest-channel.js'
import type { GuestCommands } from './guest-commands.js'
import type { GuestEvents } from './guest-events.js'
import { guestFetch } from './guest-fetch.js'
import { guestLogger } from './guest-logger.js'
import type { GuestMessages } from './guest-messages.js'
import type { GuestServices } from './guest-services.js'
import type { GuestTimers } from './guest-timers.js'

/** The parts of a guest a context is built from. */
export interface GuestParts {
  readonly channel: GuestChannel
  readonly messages: GuestMessages
  readonly events: GuestEvents
  readonly commands: GuestCommands
  readonly services: GuestServices
  readonly timers: GuestTimers
  readonly signal: AbortSignal
  readonly disposers: (() => unknown)[]
}

/**
 * The plugin context inside a guest: the same shape as in the bot's process, each call a message to
 * the host, which performs it through the plugin's real context (permissions, the `emits` rule and
 * the `network` list apply there, out of the guest's reach).
 */
export function createGuestContext(info: StartInfo, parts: GuestParts, alive: () => boolean): PluginContext {
  const { channel, messages } = parts
  const check = (action: string) => {
    if (!alive()) {
      throw new BanterError('PLUGIN_NOT_LOADED', `plugin "${info.name}" is stopped and cannot ${action}`)
    }
  }
  const ask = (op: string, a: unknown, action: string): Promise<never> => {
    try {
      check(action)
    } catch (error) {
      return Promise.reject(error)
    }
    return channel.request(op, a) as Promise<never>
  }
  const draft = (d: MessageDraft) => plainData(d)
  // A critical section held on the host: acquire returns a token once the host is inside
  // ctx.locks.run, release lets it out (the generation releases what a dead guest held).
  const locks: PluginLocks = {
    run: async <Result>(
      key: string,
      fn: (signal: AbortSignal) => Result | Promise<Result>,
      options: { ttlMs?: number | undefined; waitMs?: number | undefined } = {},
    ): Promise<Result> => {
      const token = (await ask(
        'locks.acquire',
        { k: key, ttl: options.ttlMs, wait: options.waitMs },
        'take locks',
      )) as number
      try {
        return await fn(parts.signal)
      } finally {
        channel.cast('locks.release', { t: token })
      }
    },
  }
  const storage: PluginStorage = {
    get: (key) => ask('storage.get', { k: key }, 'use storage'),
    set: (key, value, ttlMs) =>
      ask('storage.set', { k: key, v: plainData(value), ttl: ttlMs }, 'use storage'),
    delete: (key) => ask('storage.delete', { k: key }, 'use storage'),
    has: (key) => ask('storage.has', { k: key }, 'use storage'),
    clear: () => ask('storage.clear', null, 'use storage'),
    increment: (key, by = 1, options = {}) =>
      ask('storage.increment', { k: key, by, ttl: options.ttl }, 'use storage'),
    list: (prefix = '') => ask('storage.list', { p: prefix }, 'use storage'),
    // The updater is the guest's own function: it runs here, under a host-side lock of the key, so
    // updates of one key never interleave (in the sandbox; see docs/sandbox.md).
    update: <Value>(
      key: string,
      fn: (current: Value | undefined) => Value | undefined | Promise<Value | undefined>,
      options: { ttl?: number | undefined } = {},
    ) =>
      locks.run(`\u0000update:${key}`, async () => {
        const current = (await ask('storage.get', { k: key }, 'use storage')) as Value | undefined
        const next = await fn(current)
        if (next === undefined) await ask('storage.delete', { k: key }, 'use storage')
        else await ask('storage.set', { k: key, v: plainData(next), ttl: options.ttl }, 'use storage')
        return next
      }),
    entries: <Value>() => {
      const all = ask('storage.entries', null, 'use storage') as Promise<[string, Value][]>
      return (async function* entries() {
        yield* await all
      })()
    },
  }
  const unsupported = (what: string) => () => {
    throw sandboxError('SANDBOX_UNSUPPORTED', `plugin "${info.name}": ${what} is not available in a sandbox`)
  }
  const permissions = new PermissionSet(info.name, info.permissions)
  const ctx = {
    name: info.name,
    config: info.config,
    // Scopes switch a sandboxed plugin on and off on the host side; their options do not reach the
    // guest, which runs on its bot-wide options everywhere.
    configFor: () => info.config,
    logger: guestLogger(channel, info.logLevel, {}),
    events: parts.events.view(check),
    storage,
    locks,
    messages: {
      send: (channelId: string, d: MessageDraft) =>
        ask('messages.send', { ch: channelId, d: draft(d) }, 'send messages'),
      reply: (to: unknown, d: MessageDraft) =>
        ask('messages.reply', { to: messages.ref(to), d: draft(d) }, 'reply to messages'),
      edit: (ref: unknown, d: MessageDraft) =>
        ask('messages.edit', { ref: plainData(ref), d: draft(d) }, 'edit messages'),
      delete: (ref: unknown) => ask('messages.delete', { ref: plainData(ref) }, 'delete messages'),
      react: (ref: unknown, emoji: string) =>
        ask('messages.react', { ref: plainData(ref), e: emoji }, 'react to messages'),
    },
    commands: parts.commands.view(check),
    services: parts.services.view(check),
    timers: parts.timers,
    http: { route: unsupported('ctx.http.route'), mount: unsupported('ctx.http.mount') },
    permissions,
    can: (permission: Permission) => permissions.has(permission),
    signal: parts.signal,
    bot: info.bot,
    fetch: guestFetch(channel),
    hasAccess: (who: ChatUser | ChatMessage, levels: readonly string[], guildId?: string) =>
      channel.sync(
        'hasAccess',
        'author' in who
          ? { m: messages.ref(who), u: plainData(who.author), g: who.guildId, l: [...levels] }
          : { u: plainData(who), g: guildId, l: [...levels] },
      ) as boolean,
    onDispose: (fn: () => unknown) => {
      parts.disposers.push(fn)
      return () => {
        const at = parts.disposers.indexOf(fn)
        if (at !== -1) parts.disposers.splice(at, 1)
      }
    },
    background: <Result>(work: Promise<Result> | (() => Promise<Result>), label = 'background') => {
      const id = background.next++
      channel.cast('bg.start', { b: id, l: String(label) })
      return (async () => {
        try {
          const value = await (typeof work === 'function' ? work() : work)
          channel.cast('bg.end', { b: id, ok: true })
          return value
        } catch (error) {
          channel.cast('bg.end', { b: id, ok: false, e: toErrorData(error) })
          return undefined
        }
      })()
    },
  }
  return ctx as unknown as PluginContext
}

const background = { next: 1 }
