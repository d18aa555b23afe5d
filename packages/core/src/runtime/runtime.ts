import type { Logger } from 'pino'
import type { ChatAdapter } from '../adapter/chat-adapter.js'
import { UsageAnalytics } from '../analytics/usage-analytics.js'
import { AuditLog } from '../audit/audit-log.js'
import type { AccessConfig } from '../commands/access.js'
import { registerBuiltinCommands } from '../commands/builtin-commands.js'
import { CommandRegistry } from '../commands/command-registry.js'
import { CommandRunner } from '../commands/command-runner.js'
import type { ConfigStore } from '../config/config-store.js'
import { BanterError } from '../errors/banter-error.js'
import { EventManager } from '../events/event-manager.js'
import { RouteRegistry } from '../http/route-registry.js'
import { createLogger } from '../logger/create-logger.js'
import type { ChatMessage, OutgoingMessage } from '../messages/chat-message.js'
import { Messenger, toOutgoing } from '../messages/messenger.js'
import type { PermissionOverride } from '../permissions/permissions.js'
import { MessagePipeline } from '../pipeline/message-pipeline.js'
import type { ManageHost } from '../plugins/manage-host.js'
import type { SandboxSettings } from '../plugins/sandbox-settings.js'
import { ScopeRegistry, type ScopesConfig } from '../scopes/scope-registry.js'
import { ServiceRegistry } from '../services/service-registry.js'
import type { StorageBackend } from '../storage/storage-backend.js'
import { type Clock, systemClock } from '../timers/clock.js'
import { TimerCounter } from '../timers/plugin-timers.js'
import { UiRegistry } from '../ui/ui-registry.js'
import type { BotInfo, PluginTimeouts } from './bot-info.js'
import { Guard, type GuardedOwner } from './guard.js'
import { IssuedMessages } from './issued-messages.js'
import { PluginStats } from './plugin-stats.js'
import { TaskTracker } from './task-tracker.js'
import { Watchdog } from './watchdog.js'

export type { BotInfo, PluginTimeouts }

/** What {@link Runtime} is built from (the bot options that shape it). */
export interface RuntimeOptions {
  readonly platform: string
  readonly maxMessageLength?: number | undefined
  readonly clock?: Clock | undefined
  readonly logger?: Logger | undefined
  readonly prefix?: string | undefined
  readonly access?: AccessConfig | undefined
  readonly permissions?: Readonly<Record<string, PermissionOverride>> | undefined
  readonly sandbox?: Readonly<Record<string, SandboxSettings>> | undefined
  readonly timeouts?: { readonly [Key in keyof PluginTimeouts]?: number | undefined } | undefined
  readonly circuitBreaker?:
    | { readonly threshold?: number | undefined; readonly cooldownMs?: number | undefined }
    | undefined
  readonly baseDir?: string | undefined
  readonly resolvePaths?: readonly string[] | undefined
  readonly configStore?: ConfigStore | undefined
  readonly scopes?: ScopesConfig | undefined
}

const DEFAULT_TIMEOUTS: PluginTimeouts = { hookMs: 5000, initializeMs: 30_000, destroyMs: 5000 }

/**
 * The parts every plugin works through, built once before the bot: events, the guard and its
 * watchdog, commands, services, HTTP routes, the messenger and both pipelines. The plugin manager and
 * plugin contexts use it; the bot only starts, stops and drains it. Nothing in here calls back into
 * the bot: the message path runs one way, adapter -> bot -> pipeline -> handlers -> ctx.messages ->
 * outbound pipeline -> adapter.
 */
export class Runtime {
  readonly clock: Clock
  readonly logger: Logger
  readonly watchdog: Watchdog
  readonly guard: Guard
  /** The bot's own calls (built-in commands, app listeners). */
  readonly core: GuardedOwner
  readonly events: EventManager
  readonly commands: CommandRegistry
  readonly runner: CommandRunner
  readonly services: ServiceRegistry
  readonly routes = new RouteRegistry()
  /** Pages, widgets and menu items plugins contribute (`bot.ui`). */
  readonly ui = new UiRegistry()
  /** What `ctx.admin` acts through (set by the bot). */
  manage: ManageHost | undefined
  readonly messenger: Messenger
  readonly inbound: MessagePipeline<ChatMessage>
  readonly outbound: MessagePipeline<OutgoingMessage>
  readonly timerCounter = new TimerCounter()
  readonly stats = new PluginStats()
  readonly tasks = new TaskTracker()
  /** Messages core handed to plugins (see `ctx.commands.run`). */
  readonly issued = new IssuedMessages()
  readonly access: AccessConfig
  readonly permissionOverrides: Readonly<Record<string, PermissionOverride>>
  /** Isolation of plugins by config key or manifest name (`BotOptions.sandbox`). */
  readonly sandbox: Readonly<Record<string, SandboxSettings>>
  readonly timeouts: PluginTimeouts
  readonly breakerThreshold: number
  /** How long a switched-off handler stays off before its trial (0: until `enable`). */
  readonly breakerCooldownMs: number
  readonly baseDir: string
  readonly resolvePaths: readonly string[]
  readonly info: BotInfo
  /** Plugins on or off, and options overridden, per guild and per channel. */
  readonly scopes: ScopeRegistry
  /** Usage per plugin and command, in hourly buckets kept 7 days in core's storage. */
  readonly analytics: UsageAnalytics
  /** The live counters of every loaded plugin (the plugin manager sets it). */
  pluginStats: () => ReadonlyMap<string, PluginStats> = () => new Map()
  /** The log of management actions (kept in core's storage). */
  readonly audit: AuditLog
  /** Where option changes made at run time are persisted (the bot app's config file). */
  configStore: ConfigStore | undefined
  /** The storage backend while the bot runs. */
  storage: StorageBackend | undefined
  /** The adapter while it may deliver (set by the bot once it started, cleared when it stopped). */
  output: ChatAdapter | undefined

  constructor(options: RuntimeOptions) {
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? createLogger()
    const t = options.timeouts ?? {}
    this.timeouts = {
      hookMs: t.hookMs ?? DEFAULT_TIMEOUTS.hookMs,
      initializeMs: t.initializeMs ?? DEFAULT_TIMEOUTS.initializeMs,
      destroyMs: t.destroyMs ?? DEFAULT_TIMEOUTS.destroyMs,
    }
    this.breakerThreshold = options.circuitBreaker?.threshold ?? 5
    this.breakerCooldownMs = options.circuitBreaker?.cooldownMs ?? 30_000
    this.access = options.access ?? {}
    this.permissionOverrides = options.permissions ?? {}
    this.sandbox = options.sandbox ?? {}
    this.baseDir = options.baseDir ?? process.cwd()
    this.resolvePaths = options.resolvePaths ?? []
    this.configStore = options.configStore
    this.audit = new AuditLog(() => this.requireStorage().namespace('core'), this.clock)
    this.watchdog = new Watchdog(this.clock)
    this.guard = new Guard(this.watchdog)
    const logger = this.logger
    this.core = {
      name: 'core',
      stats: this.stats,
      timeoutMs: this.timeouts.hookMs,
      onFailure: (hook, error, timedOut) =>
        logger.error(
          { hook, err: error },
          `bot ${hook} ${timedOut ? 'timed out' : 'failed'}: ${error.message}`,
        ),
    }
    this.scopes = new ScopeRegistry(options.scopes)
    this.events = new EventManager(this.guard, this.core)
    this.events.gate = this.scopes
    this.analytics = new UsageAnalytics(
      this.events,
      () => this.requireStorage().namespace('core'),
      this.clock,
      () => new Map([['core', this.stats], ...this.pluginStats()]),
    )
    this.commands = new CommandRegistry(options.prefix ?? '!')
    this.inbound = new MessagePipeline(this.guard, 'onMessageReceived', this.issued)
    this.outbound = new MessagePipeline(this.guard, 'onMessageSent')
    this.inbound.gate = this.scopes
    this.outbound.gate = this.scopes
    this.messenger = new Messenger(() => this.output, this.outbound, this.events)
    this.runner = new CommandRunner({
      registry: this.commands,
      guard: this.guard,
      events: this.events,
      clock: this.clock,
      access: this.access,
      logger,
      issued: this.issued,
      storage: () => this.requireStorage().namespace('core'),
      gate: this.scopes,
      notice: (to, draft) =>
        this.messenger.deliver(toOutgoing(to.channelId, 'core', draft, { replyTo: to.id })),
    })
    registerBuiltinCommands(this.commands, this.core, this.scopes)
    const messenger = this.messenger
    this.services = new ServiceRegistry({
      name: 'core',
      can: () => true,
      assert: () => undefined,
      messages: {
        send: (channelId, draft) => messenger.deliver(toOutgoing(channelId, 'core', draft)),
        reply: (to, draft) => messenger.deliver(toOutgoing(to.channelId, 'core', draft, { replyTo: to.id })),
        edit: (ref, draft) => messenger.edit(ref, 'core', draft),
        delete: (ref) => messenger.delete(ref),
        react: (ref, emoji) => messenger.react(ref, emoji),
      },
    })
    this.info = {
      prefix: this.commands.prefix,
      platform: options.platform,
      maxMessageLength: options.maxMessageLength ?? 2000,
      baseDir: this.baseDir,
    }
  }

  /** The storage backend; throws `BOT_STOPPED` before the bot started. */
  requireStorage(): StorageBackend {
    if (!this.storage) throw new BanterError('BOT_STOPPED', 'storage is not open: start the bot first')
    return this.storage
  }
}
