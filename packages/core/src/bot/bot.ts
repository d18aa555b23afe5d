import type { Logger } from 'pino'
import type { ChatAdapter } from '../adapter/chat-adapter.js'
import { registerBuiltinCommands } from '../commands/builtin-commands.js'
import { CommandRegistry } from '../commands/command-registry.js'
import { CommandRunner } from '../commands/command-runner.js'
import { BanterError, isBanterError } from '../errors/banter-error.js'
import { EventManager } from '../events/event-manager.js'
import { RouteRegistry } from '../http/route-registry.js'
import { createLogger } from '../logger/create-logger.js'
import type { ChatMessage, MessageDraft, OutgoingMessage, SentMessage } from '../messages/chat-message.js'
import { assertChatMessage } from '../messages/create-message.js'
import { Messenger, toOutgoing } from '../messages/messenger.js'
import { isStopped, MessagePipeline, type PipelineStage, type Stopped } from '../pipeline/message-pipeline.js'
import type { BotInfo } from '../plugins/plugin-context.js'
import { PluginManager } from '../plugins/plugin-manager.js'
import type { PluginRuntime, PluginTimeouts } from '../plugins/plugin-runtime.js'
import { Guard, type GuardedOwner } from '../runtime/guard.js'
import { PluginStats } from '../runtime/plugin-stats.js'
import { Watchdog } from '../runtime/watchdog.js'
import { ServiceRegistry } from '../services/service-registry.js'
import { createStorage, type StorageBackend } from '../storage/storage-backend.js'
import { type Clock, systemClock } from '../timers/clock.js'
import { TimerCounter } from '../timers/plugin-timers.js'
import type { BotOptions, BotStatus, ReceiveResult } from './bot-options.js'

const DEFAULT_TIMEOUTS: PluginTimeouts = { hookMs: 5000, initializeMs: 30_000, destroyMs: 5000 }

/**
 * A bot: one adapter, one event bus, one plugin manager, the message pipelines and the commands.
 * Create it with `createBot`.
 *
 * Inbound: `adapter -> bot.receive -> inbound pipeline -> message.received + commands`.
 * Outbound: `ctx.messages.* -> outbound pipeline -> adapter -> message.sent`.
 */
export class Bot {
  /** The event bus. */
  readonly events: EventManager
  /** The plugins. */
  readonly plugins: PluginManager
  /** The commands. */
  readonly commands: CommandRegistry
  /** Services plugins provide. */
  readonly services = new ServiceRegistry()
  /** HTTP routes plugins registered (served by the bot app). */
  readonly http = new RouteRegistry()
  /** The clock. */
  readonly clock: Clock
  /** Live plugin timers (`bot.timers.active`). */
  readonly timers = new TimerCounter()
  /** The root logger. */
  readonly logger: Logger
  /** The adapter. */
  readonly adapter: ChatAdapter
  /** Counters of the bot's own calls (built-in commands, app listeners). */
  readonly stats = new PluginStats()
  /** Messages taken and messages dropped by a plugin, since start. */
  readonly counters = { received: 0, stopped: 0, sent: 0 }

  readonly #options: BotOptions
  readonly #watchdog: Watchdog
  readonly #guard: Guard
  readonly #inbound: MessagePipeline<ChatMessage>
  readonly #outbound: MessagePipeline<OutgoingMessage>
  readonly #messenger: Messenger
  readonly #runner: CommandRunner
  readonly #timeouts: PluginTimeouts
  #storage: StorageBackend | undefined
  #status: BotStatus = 'idle'
  #inFlight = 0
  readonly #tasks = new Set<Promise<unknown>>()
  #drained: (() => void) | undefined
  readonly #done = (): void => {
    this.#inFlight -= 1
    if (this.#inFlight === 0) this.#drained?.()
  }
  readonly #afterPipeline = (piped: ChatMessage | Stopped): ReceiveResult | Promise<ReceiveResult> => {
    if (isStopped(piped)) {
      this.counters.stopped += 1
      return { message: undefined, stoppedBy: piped.stoppedBy }
    }
    const listeners = this.events.has('message.received')
      ? this.events.dispatch('message.received', { message: piped })
      : undefined
    const command = this.#runner.run(piped)
    if (listeners === undefined && command === undefined) return { message: piped }
    return Promise.all([listeners, command]).then(([, name]) =>
      name ? { message: piped, command: name } : { message: piped },
    )
  }

  /** @internal Use `createBot`. */
  constructor(options: BotOptions) {
    this.#options = options
    this.adapter = options.adapter
    this.clock = options.clock ?? systemClock
    this.logger = options.logger ?? createLogger()
    const t = options.timeouts ?? {}
    this.#timeouts = {
      hookMs: t.hookMs ?? DEFAULT_TIMEOUTS.hookMs,
      initializeMs: t.initializeMs ?? DEFAULT_TIMEOUTS.initializeMs,
      destroyMs: t.destroyMs ?? DEFAULT_TIMEOUTS.destroyMs,
    }
    this.#watchdog = new Watchdog(this.clock)
    this.#guard = new Guard(this.#watchdog)
    const core: GuardedOwner = {
      name: 'core',
      stats: this.stats,
      timeoutMs: this.#timeouts.hookMs,
      onFailure: (hook, error, timedOut) =>
        this.logger.error(
          { hook, err: error },
          `bot ${hook} ${timedOut ? 'timed out' : 'failed'}: ${error.message}`,
        ),
    }
    this.events = new EventManager(this.#guard, core)
    this.commands = new CommandRegistry(options.prefix ?? '!')
    this.#inbound = new MessagePipeline(this.#guard, 'onMessageReceived')
    this.#outbound = new MessagePipeline(this.#guard, 'onMessageSent')
    this.#messenger = new Messenger(
      () => (this.#status === 'running' || this.#status === 'stopping' ? this.adapter : undefined),
      this.#outbound,
      this.events,
    )
    this.events.on('message.sent', () => {
      this.counters.sent += 1
    })
    this.#runner = new CommandRunner({
      registry: this.commands,
      guard: this.#guard,
      events: this.events,
      clock: this.clock,
      access: options.access ?? {},
      logger: this.logger,
      storage: () => this.storage.namespace('core'),
      reply: (to, source, draft) =>
        this.#messenger.deliver(toOutgoing(to.channelId, source, draft, { replyTo: to.id })),
    })
    registerBuiltinCommands(this.commands, core)
    const bot = this
    const runtime: PluginRuntime = {
      events: this.events,
      guard: this.#guard,
      commands: this.commands,
      runner: this.#runner,
      services: this.services,
      routes: this.http,
      clock: this.clock,
      timerCounter: this.timers,
      logger: this.logger,
      messenger: this.#messenger,
      get info() {
        return bot.info
      },
      timeouts: this.#timeouts,
      breakerThreshold: options.circuitBreaker?.threshold ?? 5,
      permissionOverrides: options.permissions ?? {},
      access: options.access ?? {},
      track: (task) => this.#track(task),
      baseDir: options.baseDir ?? process.cwd(),
      resolvePaths: options.resolvePaths ?? [],
      get started() {
        return bot.#status === 'running' || bot.#status === 'starting'
      },
      storage: () => bot.storage,
      rebuildPipelines: () => bot.#rebuildPipelines(),
    }
    this.plugins = new PluginManager(runtime)
  }

  /** Where the bot is in its life. */
  get status(): BotStatus {
    return this.#status
  }

  /** The command prefix. */
  get prefix(): string {
    return this.commands.prefix
  }

  /** Facts plugins see as `ctx.bot`. */
  get info(): BotInfo {
    return {
      prefix: this.commands.prefix,
      platform: this.adapter.platform,
      maxMessageLength: this.adapter.maxMessageLength ?? 2000,
      baseDir: this.#options.baseDir ?? process.cwd(),
    }
  }

  /** The storage backend (available once the bot started). */
  get storage(): StorageBackend {
    if (!this.#storage) throw new BanterError('BOT_STOPPED', 'storage is not open: start the bot first')
    return this.#storage
  }

  /**
   * Resolves once every background task plugins started with `ctx.background` has finished (tests
   * await it; `stop()` waits for them too, up to `drainMs`).
   */
  async settle(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks])
  }

  #track(task: Promise<unknown>): void {
    this.#tasks.add(task)
    void task.finally(() => this.#tasks.delete(task))
  }

  /** Messages being processed right now. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** Plugin names in the inbound and outbound pipelines, in order. */
  get pipelines(): { readonly inbound: string[]; readonly outbound: string[] } {
    return { inbound: this.#inbound.names, outbound: this.#outbound.names }
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
    this.#status = 'starting'
    this.#watchdog.start()
    const storage = this.#options.storage ?? 'memory'
    this.#storage = typeof storage === 'string' ? await createStorage(storage) : storage
    await this.plugins.loadAll(this.#options.plugins ?? [])
    await this.plugins.startAll()
    try {
      await this.adapter.start(this)
    } catch (cause) {
      // Nothing may keep running without an adapter: stop the plugins, close storage.
      this.#status = 'stopping'
      await this.plugins.stopAll('the adapter failed to start')
      await this.#storage?.close()
      this.#watchdog.stop()
      this.#status = 'stopped'
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
    this.logger.info({ platform: this.adapter.platform, plugins: active }, 'bot ready')
    await this.events.emit('bot.ready', { platform: this.adapter.platform, plugins: active })
  }

  /**
   * Stops taking messages, lets messages in flight finish (up to `drainMs`), stops the plugins in
   * reverse dependency order, then the adapter and storage.
   */
  async stop(reason = 'stop requested'): Promise<void> {
    if (this.#status !== 'running' && this.#status !== 'starting') return
    this.#status = 'stopping'
    await this.events.emit('bot.stopping', { reason })
    // Let messages in flight and background tasks finish, within drainMs (real time).
    const drainMs = this.#options.drainMs ?? 10_000
    const drained = (async () => {
      if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#drained = resolve))
      await this.settle()
    })()
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), drainMs)
    })
    if ((await Promise.race([drained, late])) === 'late') {
      this.logger.warn(
        { inFlight: this.#inFlight, tasks: this.#tasks.size },
        `stopped waiting for ${this.#inFlight} message(s) and ${this.#tasks.size} task(s) after ${drainMs} ms`,
      )
    }
    clearTimeout(timer)
    this.#drained = undefined
    await this.plugins.stopAll(`bot stopping: ${reason}`)
    try {
      await this.adapter.stop()
    } catch (error) {
      this.logger.warn({ err: error }, 'the adapter failed while stopping')
    }
    await this.#storage?.close()
    this.#watchdog.stop()
    this.#status = 'stopped'
    this.logger.info({ reason }, 'bot stopped')
  }

  /**
   * Takes one inbound message (adapters call this). Resolves when the pipeline, the listeners and the
   * command (if any) finished. A malformed message is refused with `MESSAGE_INVALID`.
   */
  receive(message: ChatMessage): Promise<ReceiveResult> {
    if (this.#status !== 'running') {
      return Promise.reject(
        new BanterError('BOT_STOPPED', `message ${message?.id} refused: the bot is ${this.#status}`),
      )
    }
    try {
      assertChatMessage(message)
    } catch (error) {
      this.logger.warn({ err: error }, (error as Error).message)
      return Promise.reject(error)
    }
    this.counters.received += 1
    this.#inFlight += 1
    const piped = this.#inbound.run(message)
    const result = piped instanceof Promise ? piped.then(this.#afterPipeline) : this.#afterPipeline(piped)
    if (result instanceof Promise) return result.finally(this.#done)
    this.#done()
    return Promise.resolve(result)
  }

  /** Sends a message as the bot itself (source `core`), through the outbound pipeline. */
  send(channelId: string, draft: MessageDraft): Promise<SentMessage> {
    return this.#messenger.deliver(toOutgoing(channelId, 'core', draft))
  }

  #rebuildPipelines(): void {
    const active = this.plugins.active()
    const inbound: PipelineStage<ChatMessage>[] = []
    const outbound: PipelineStage<OutgoingMessage>[] = []
    for (const record of active) {
      const instance = record.instance
      if (!instance) continue
      if (typeof instance.onMessageReceived === 'function' && record.permissions.has('messages:read')) {
        inbound.push({
          owner: record,
          permissions: record.permissions,
          hook: instance.onMessageReceived as never,
          self: instance,
          failClosed: record.manifest.failClosed === true,
        })
      }
      if (typeof instance.onMessageSent === 'function') {
        outbound.push({
          owner: record,
          permissions: record.permissions,
          hook: instance.onMessageSent as never,
          self: instance,
        })
      }
    }
    this.#inbound.setStages(inbound)
    this.#outbound.setStages(outbound)
  }
}
