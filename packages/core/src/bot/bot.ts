import type { Logger } from 'pino'
import type { AdapterHost } from '../adapter/adapter-host.js'
import type { ChatAdapter } from '../adapter/chat-adapter.js'
import type { UsageAnalytics } from '../analytics/usage-analytics.js'
import type { CommandRegistry } from '../commands/command-registry.js'
import { registerPluginCommands } from '../commands/plugin-commands.js'
import { BanterError, isBanterError } from '../errors/banter-error.js'
import type { EventManager } from '../events/event-manager.js'
import type { RouteRegistry } from '../http/route-registry.js'
import type { ChatMessage, MessageDraft, SentMessage } from '../messages/chat-message.js'
import { toOutgoing } from '../messages/messenger.js'
import { PluginAdmin } from '../plugins/plugin-admin.js'
import { PluginManager } from '../plugins/plugin-manager.js'
import { MessageFlow } from '../runtime/message-flow.js'
import type { PluginStats } from '../runtime/plugin-stats.js'
import { type BotInfo, Runtime } from '../runtime/runtime.js'
import type { ServiceRegistry } from '../services/service-registry.js'
import { createStorage, type StorageBackend } from '../storage/storage-backend.js'
import type { Clock } from '../timers/clock.js'
import type { TimerCounter } from '../timers/plugin-timers.js'
import type { UiRegistry } from '../ui/ui-registry.js'
import { createAdapterHost } from './adapter-host.js'
import type { BotOptions, BotStatus, ReceiveResult } from './bot-options.js'

interface Queued {
  readonly message: ChatMessage
  readonly resolve: (result: Promise<ReceiveResult>) => void
}

/**
 * A bot: one adapter, one plugin manager, and the {@link Runtime} they share. The bot starts, stops
 * and drains; the runtime carries messages. Create it with `createBot`.
 *
 * Inbound: `adapter -> bot.receive -> inbound pipeline -> message.received + commands`.
 * Outbound: `ctx.messages.* -> outbound pipeline -> adapter -> message.sent`.
 */
export class Bot {
  /** The plugins. */
  readonly plugins: PluginManager
  /** Plugin management with an audit trail (the admin API, `!plugins` and the CLI act through it). */
  readonly admin: PluginAdmin
  /** The adapter. */
  readonly adapter: ChatAdapter
  /** @internal The parts plugins work through. */
  readonly runtime: Runtime

  readonly #options: BotOptions
  readonly #flow: MessageFlow
  readonly #host: AdapterHost
  #status: BotStatus = 'idle'
  #accepting = false
  #early: Queued[] = []

  /** @internal Use `createBot`. */
  constructor(options: BotOptions) {
    this.#options = options
    this.adapter = options.adapter
    this.runtime = new Runtime({
      ...options,
      platform: options.adapter.platform,
      maxMessageLength: options.adapter.maxMessageLength,
    })
    this.#flow = new MessageFlow(this.runtime)
    this.plugins = new PluginManager(this.runtime)
    this.admin = new PluginAdmin(
      this.plugins,
      this.runtime.audit,
      this.runtime.scopes,
      () => this.runtime.configStore,
    )
    this.runtime.manage = {
      admin: this.admin,
      plugins: this.plugins,
      status: () => this.#status,
      counters: () => this.#flow.counters,
    }
    const { commands: registry, core: owner, access, analytics } = this.runtime
    registerPluginCommands({ registry, owner, access, analytics, admin: this.admin, plugins: this.plugins })
    this.#host = createAdapterHost(this.runtime, (message) => this.receive(message))
  }

  /** The event bus. */
  get events(): EventManager {
    return this.runtime.events
  }
  /** The commands. */
  get commands(): CommandRegistry {
    return this.runtime.commands
  }
  /** Services plugins provide. */
  get services(): ServiceRegistry {
    return this.runtime.services
  }
  /** Pages, widgets and menu items plugins contribute through `ctx.ui` (a dashboard renders them). */
  get ui(): UiRegistry {
    return this.runtime.ui
  }
  /** HTTP routes plugins registered (served by the bot app). */
  get http(): RouteRegistry {
    return this.runtime.routes
  }
  /** The clock. */
  get clock(): Clock {
    return this.runtime.clock
  }
  /** Live plugin timers (`bot.timers.active`). */
  get timers(): TimerCounter {
    return this.runtime.timerCounter
  }
  /** The root logger. */
  get logger(): Logger {
    return this.runtime.logger
  }
  /** Counters of the bot's own calls (built-in commands, app listeners). */
  get stats(): PluginStats {
    return this.runtime.stats
  }
  /** Messages taken, dropped by a plugin, and sent, since start. */
  get counters(): { readonly received: number; readonly stopped: number; readonly sent: number } {
    return this.#flow.counters
  }
  /** Where the bot is in its life. */
  get status(): BotStatus {
    return this.#status
  }
  /** The command prefix. */
  get prefix(): string {
    return this.runtime.commands.prefix
  }
  /** Facts plugins see as `ctx.bot`. */
  get info(): BotInfo {
    return this.runtime.info
  }
  /** Usage per plugin and command that lasts (hourly buckets, 7 days): `await bot.analytics.report()`. */
  get analytics(): UsageAnalytics {
    return this.runtime.analytics
  }
  /** The storage backend (available once the bot started). */
  get storage(): StorageBackend {
    return this.runtime.requireStorage()
  }
  /** Messages being processed right now. */
  get inFlight(): number {
    return this.#flow.inFlight
  }
  /** Plugin names in the inbound and outbound pipelines, in order. */
  get pipelines(): { readonly inbound: string[]; readonly outbound: string[] } {
    return { inbound: this.runtime.inbound.names, outbound: this.runtime.outbound.names }
  }

  /**
   * Resolves once every message in flight (taken by `receive`, still in the plugins) and every
   * background task plugins started with `ctx.background` has finished (tests await it; `stop()`
   * waits for both too, up to `drainMs`). Messages the adapter has not handed over yet are not counted.
   */
  settle(): Promise<void> {
    return this.#flow.drained().then(() => this.runtime.tasks.settle())
  }

  /** Whether the adapter runs and every required plugin is active. */
  isReady(): boolean {
    if (this.#status !== 'running' || this.adapter.connected === false) return false
    return (this.#options.required ?? []).every((name) => this.plugins.get(name)?.status === 'active')
  }

  /** Opens storage, loads and starts the plugins, then starts the adapter. */
  async start(): Promise<void> {
    if (this.#status !== 'idle' && this.#status !== 'stopped') {
      throw new BanterError('BOT_STOPPED', `the bot cannot start while it is ${this.#status}`, {
        hint: 'Call start() once; stop() before starting again.',
      })
    }
    const runtime = this.runtime
    this.#status = 'starting'
    runtime.watchdog.start()
    const storage = this.#options.storage ?? 'memory'
    runtime.storage = typeof storage === 'string' ? await createStorage(storage) : storage
    runtime.analytics.start((error) =>
      runtime.logger.warn({ err: error }, 'usage analytics could not be saved'),
    )
    await this.plugins.loadAll(this.#options.plugins ?? [])
    await this.plugins.startAll()
    this.#accepting = true
    runtime.output = this.adapter
    for (const { message, resolve } of this.#early.splice(0)) resolve(this.#flow.receive(message))
    try {
      await this.adapter.start(this.#host)
    } catch (cause) {
      // Nothing may keep running without an adapter: stop the plugins, close storage.
      this.#status = 'stopping'
      await this.#shutDown('the adapter failed to start', false)
      if (isBanterError(cause)) throw cause
      throw new BanterError(
        'ADAPTER_FAILED',
        `the ${this.adapter.platform} adapter failed to start: ${(cause as Error).message}`,
        { cause },
      )
    }
    this.#status = 'running'
    const active = this.plugins
      .list()
      .filter((p) => p.status === 'active')
      .map((p) => p.name)
    runtime.logger.info({ platform: this.adapter.platform, plugins: active }, 'bot ready')
    await runtime.events.emit('bot.ready', { platform: this.adapter.platform, plugins: active })
  }

  /**
   * Stops taking messages, lets messages in flight and background work finish (up to `drainMs`),
   * stops the plugins in reverse dependency order, then the adapter and storage.
   */
  async stop(reason = 'stop requested'): Promise<void> {
    if (this.#status !== 'running' && this.#status !== 'starting') return
    this.#status = 'stopping'
    this.#accepting = false
    await this.runtime.events.emit('bot.stopping', { reason })
    const drainMs = this.#options.drainMs ?? 10_000
    const drained = this.#flow.drained().then(() => this.runtime.tasks.settle())
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), drainMs)
    })
    if ((await Promise.race([drained, late])) === 'late') {
      this.runtime.logger.warn(
        { inFlight: this.#flow.inFlight, tasks: this.runtime.tasks.size },
        `stopped waiting for ${this.#flow.inFlight} message(s) and ${this.runtime.tasks.size} task(s) after ${drainMs} ms`,
      )
    }
    clearTimeout(timer)
    await this.#shutDown(`bot stopping: ${reason}`, true)
    this.runtime.logger.info({ reason }, 'bot stopped')
  }

  /**
   * Takes one inbound message (adapters call this through their host). Resolves when the pipeline,
   * the listeners and the command (if any) finished. Messages that arrive before the plugins are
   * active wait for them; a malformed message is refused with `MESSAGE_INVALID`.
   */
  receive(message: ChatMessage): Promise<ReceiveResult> {
    if (this.#accepting) return this.#flow.receive(message)
    if (this.#status === 'starting') {
      return new Promise<Promise<ReceiveResult>>((resolve) => this.#early.push({ message, resolve })).then(
        (r) => r,
      )
    }
    return Promise.reject(
      new BanterError('BOT_STOPPED', `message ${String(message?.id)} refused: the bot is ${this.#status}`),
    )
  }

  /** Sends a message as the bot itself (source `core`), through the outbound pipeline. */
  send(channelId: string, draft: MessageDraft): Promise<SentMessage> {
    return this.runtime.messenger.deliver(toOutgoing(channelId, 'core', draft))
  }

  async #shutDown(reason: string, adapterStarted: boolean): Promise<void> {
    const runtime = this.runtime
    await this.plugins.stopAll(reason)
    if (adapterStarted) {
      try {
        await this.adapter.stop()
      } catch (error) {
        runtime.logger.warn({ err: error }, 'the adapter failed while stopping')
      }
    }
    runtime.output = undefined
    await runtime.analytics
      .stop()
      .catch((error: unknown) => runtime.logger.warn({ err: error }, 'usage analytics could not be saved'))
    for (const { message, resolve } of this.#early.splice(0))
      resolve(
        Promise.reject(new BanterError('BOT_STOPPED', `message ${message.id} refused: the bot stopped`)),
      )
    await runtime.storage?.close()
    runtime.storage = undefined
    runtime.watchdog.stop()
    this.#status = 'stopped'
  }
}
