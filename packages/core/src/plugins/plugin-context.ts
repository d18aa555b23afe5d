import type { Logger } from 'pino'
import type { z } from 'zod'
import type { CommandDefinition, CommandInfo } from '../commands/command.js'
import type { CommandRunResult } from '../commands/command-runner.js'
import type { BotEventName, BotEvents, EventHandler } from '../events/bot-events.js'
import type { HttpAuth, HttpRoute, NodeHttpHandler } from '../http/http-route.js'
import type { ChatMessage, ChatUser } from '../messages/chat-message.js'
import type { PluginMessages } from '../messages/plugin-messages.js'
import type { Permission, PermissionSet } from '../permissions/permissions.js'
import type { BotInfo } from '../runtime/bot-info.js'
import type { Disposer } from '../runtime/disposables.js'
import type { MessagePlace } from '../scopes/scope-gate.js'
import type { ServiceCaller } from '../services/service-registry.js'
import type { BanterServices, ServiceName } from '../services/services.js'
import type { PluginLocks } from '../storage/plugin-locks.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import type { PluginTimers } from '../timers/plugin-timers.js'
import type { PluginManagement } from './plugin-management.js'
import type { PluginUi } from './plugin-ui.js'

/** A plugin's view of the event bus: listeners it adds are removed when it stops. */
export interface ScopedEvents {
  /** Listens to one event or several (`message.received` needs `messages:read`). */
  on<Name extends BotEventName>(names: Name | readonly Name[], handler: EventHandler<Name>): Disposer
  /** Listens to the next occurrence only. */
  once<Name extends BotEventName>(name: Name, handler: EventHandler<Name>): Disposer
  /**
   * Emits an event to every listener and waits for them. A plugin may emit its own `<name>.*` events
   * and the names its manifest lists in `emits`; anything else (core's `bot.*`, `plugin.*`,
   * `message.*`, `command.*` above all) is refused with `EVENT_NOT_ALLOWED`.
   */
  emit<Name extends BotEventName>(name: Name, payload: BotEvents[Name]): Promise<void>
}

export type { PluginMessages }

/** Registering and running commands (`ctx.commands`). */
export interface PluginCommands {
  /** Registers a command; returns a disposer that removes it. */
  register<Schema extends z.ZodObject>(definition: CommandDefinition<Schema>): Disposer
  /**
   * Runs a command line (`remind 5 tea`, prefix optional) as if the author of `as` typed it in the same
   * channel: access, cooldown and argument checks apply. Only a message core handed to this plugin
   * counts as its author's, and only while it is among the latest 1,024 messages core handed out: any
   * other message object runs as the plugin itself (`plugin:<name>`, with no access level). Whatever
   * the command answers is sent on this plugin's behalf and needs its `messages:send`. Resolves to
   * what the command replied.
   */
  run(line: string, as: ChatMessage): Promise<CommandRunResult>
  /** Every registered command. */
  list(): CommandInfo[]
}

/** Providing and using services (`ctx.services`). */
export interface PluginServices {
  /** Provides a service under `name` until the plugin stops; every consumer gets the same object. */
  provide<Name extends ServiceName>(name: Name, implementation: BanterServices[Name]): Disposer
  /**
   * Provides a service that acts with each consumer's rights: `bind` is called once per consumer with
   * who it is, and what it returns is that consumer's view. Services that send, fetch or queue check
   * the caller's permissions (`caller.assert('messages:send', ...)`) or send through `caller.messages`.
   */
  provideFor<Name extends ServiceName>(
    name: Name,
    bind: (caller: ServiceCaller) => BanterServices[Name],
  ): Disposer
  /** The service `name`; throws `SERVICE_MISSING` when no active plugin provides it. */
  get<Name extends ServiceName>(name: Name): BanterServices[Name]
  /** The service `name`, or `undefined`. */
  tryGet<Name extends ServiceName>(name: Name): BanterServices[Name] | undefined
}

/** Serving HTTP under `/plugins/<name>/` (`ctx.http`, needs `http`). */
export interface PluginHttp {
  /** Adds a route. */
  route(route: HttpRoute): Disposer
  /**
   * Mounts a raw Node handler under a path prefix. With `root: true` (needs `manage` too) it is served
   * at `path` itself, e.g. `/dashboard`, rather than under `/plugins/<name>`.
   */
  mount(
    path: string,
    handler: NodeHttpHandler,
    options?: { readonly auth?: HttpAuth; readonly root?: boolean },
  ): Disposer
}

export type { BotInfo, ServiceCaller }

/**
 * Everything a plugin works with, handed to `initialize` (and available as `this.ctx`). Each part is
 * scoped to the plugin and checked against its permissions; everything registered through it is
 * removed when the plugin is disabled or unloaded.
 */
export interface PluginContext<Config = unknown> {
  /** The plugin's manifest name. */
  readonly name: string
  /**
   * The plugin's options, validated by its `configSchema`: the bot-wide value, which changes when the
   * options are changed at run time (read it when you need it rather than copying it in `initialize`).
   */
  readonly config: Config
  /**
   * The options in force for a message (its guild's and channel's scopes applied over the bot-wide
   * options); pass an inbound or outgoing message, or `{ channelId, guildId }`.
   */
  configFor(place: MessagePlace): Config
  /** A pino child logger named after the plugin. */
  readonly logger: Logger
  /** Events. */
  readonly events: ScopedEvents
  /**
   * Key-value storage (needs `storage`). Messages are handled concurrently: use `update`,
   * `increment` or `locks` for read-modify-write, never `get` then `set`.
   */
  readonly storage: PluginStorage
  /**
   * Per-key critical sections (needs `storage`): `await ctx.locks.run('quota:' + user, async () => ...)`
   * runs one holder at a time, across processes on Redis and SQLite, in the process on memory.
   */
  readonly locks: PluginLocks
  /** Messages. */
  readonly messages: PluginMessages
  /** Commands. */
  readonly commands: PluginCommands
  /** Services. */
  readonly services: PluginServices
  /** Timers on the bot's clock. */
  readonly timers: PluginTimers
  /** HTTP routes (needs `http`). */
  readonly http: PluginHttp
  /** Pages, widgets and menu items for a dashboard (removed when the plugin stops). */
  readonly ui: PluginUi
  /** Managing the bot's plugins, audited with the acting person (needs `manage`). */
  readonly admin: PluginManagement
  /** The permissions granted to the plugin. */
  readonly permissions: PermissionSet
  /**
   * Whether the plugin holds `permission` now (for `optionalPermissions` the operator may take away).
   */
  can(permission: Permission): boolean
  /** Runs `dispose` when the plugin stops (after `destroy()`), like every ctx registration. */
  onDispose(dispose: () => void): Disposer
  /** Aborted when the plugin stops. */
  readonly signal: AbortSignal
  /** Facts about the bot. */
  readonly bot: BotInfo
  /** `fetch`, permission-checked (needs `network`). */
  readonly fetch: typeof fetch
  /**
   * Whether the author of `message` (or `user`, writing in guild `guildId`) holds one of the access
   * `levels` of the bot's `access` configuration (`admin` holds all). Pass the message whenever you
   * have it: roles named with their guild only count in that guild.
   */
  hasAccess(who: ChatMessage | ChatUser, levels: readonly string[], guildId?: string): boolean
  /**
   * Runs work that outlives the call that started it (an answer streamed after a listener returned):
   * its failure is logged and counted against the plugin, `bot.stop()` waits for it (up to `drainMs`),
   * and tests can `await bot.settle()`. When the plugin stops, its background work is awaited (up
   * to `timeouts.destroyMs`) before its `destroy()` runs, so plugins keep no task sets of their own.
   * Returns the work's promise.
   */
  background<Result>(
    work: Promise<Result> | (() => Promise<Result>),
    label?: string,
  ): Promise<Result | undefined>
}
