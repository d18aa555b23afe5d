import type { Bot } from '../bot/bot.js'
import type { BotOptions } from '../bot/bot-options.js'
import { createBot } from '../bot/create-bot.js'
import { createLogger } from '../logger/create-logger.js'
import type { MessageInit } from '../messages/create-message.js'
import type { PluginEntry } from '../plugins/plugin-manager.js'
import type { IsolationMode, SandboxSettings } from '../plugins/sandbox-settings.js'
import type { Clock } from '../timers/clock.js'
import { createFakeClock, type FakeClock } from './fake-clock.js'
import { createLogCapture, type LogRecord } from './log-capture.js'
import { type AdapterOperation, TestAdapter, type TestSentMessage } from './test-adapter.js'

/** Options of {@link createTestBot}. */
export interface TestBotOptions {
  /** Plugins, as for `createBot`. */
  readonly plugins?: readonly PluginEntry[]
  /**
   * Runs every plugin of `plugins` in this isolation mode (`worker` and `isolate` need
   * `@banter/sandbox`, and plugins given by path or package name: a class has no file to load in a
   * guest). A settings object sets the limits too. `config.sandbox` entries take precedence.
   */
  readonly isolation?: IsolationMode | SandboxSettings
  /** Any other bot option (prefix, permissions, access, timeouts, storage, ...). */
  readonly config?: Partial<Omit<BotOptions, 'adapter' | 'plugins' | 'clock' | 'logger'>>
  /** `fake` (default): time moves only through `bot.clock`; `real`; or a clock of your own. */
  readonly clock?: 'fake' | 'real' | Clock
  /** Where the fake clock starts (default 2026-11-22 09:30:00 UTC). */
  readonly now?: number | Date
  /** Captured log level (default `debug`). */
  readonly logLevel?: string
  /** Platform message length limit of the test adapter (default 2000). */
  readonly maxMessageLength?: number
}

/** A started bot on the {@link TestAdapter}, with what tests need at hand. */
export interface TestBot {
  /** The bot itself. */
  readonly bot: Bot
  /** The adapter. */
  readonly adapter: TestAdapter
  /** Sends a user message; resolves to the messages the bot sent in answer, as they stand after edits. */
  receive(input: string | MessageInit): Promise<TestSentMessage[]>
  /** Every message the bot sent. */
  readonly sent: TestSentMessage[]
  /** Every adapter operation (send, edit, delete, react). */
  readonly operations: readonly AdapterOperation[]
  /** `bot.events`. */
  readonly events: Bot['events']
  /** `bot.plugins`. */
  readonly plugins: Bot['plugins']
  /** `bot.commands`. */
  readonly commands: Bot['commands']
  /** The clock (a {@link FakeClock} unless `clock: 'real'` was given). */
  readonly clock: FakeClock
  /** Captured log lines. */
  readonly logs: LogRecord[]
  /** Every captured log line as text (to assert what must never be logged). */
  logText(): string
  /** Resolves once every message in flight and every background task plugins started (`ctx.background`) has finished. */
  settle(): Promise<void>
  /** Stops the bot. */
  stop(): Promise<void>
}

/**
 * Creates and starts a bot for tests: the test adapter, memory storage, a fake clock and captured
 * logs.
 *
 * @example
 * ```ts
 * const bot = await createTestBot({ plugins: [[TimestampPlugin, { timeZone: 'UTC' }]] })
 * const [reply] = await bot.receive('!ping')
 * expect(reply?.content).toBe('[2026-11-22 09:30:00] pong')
 * await bot.stop()
 * ```
 */
export async function createTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const clock: Clock =
    options.clock === 'real'
      ? (await import('../timers/clock.js')).systemClock
      : options.clock === undefined || options.clock === 'fake'
        ? createFakeClock(options.now)
        : options.clock
  const capture = createLogCapture()
  const adapter = new TestAdapter(
    options.maxMessageLength === undefined ? {} : { maxMessageLength: options.maxMessageLength },
  )
  const bot = createBot({
    storage: 'memory',
    ...options.config,
    ...(options.isolation === undefined
      ? {}
      : { sandbox: { ...isolate(options.plugins ?? [], options.isolation), ...options.config?.sandbox } }),
    adapter,
    plugins: options.plugins ?? [],
    clock,
    logger: createLogger({ level: options.logLevel ?? 'debug', destination: capture }),
  })
  await bot.start()
  return {
    bot,
    adapter,
    receive: (input) => adapter.receive(input),
    get sent() {
      return adapter.sent
    },
    operations: adapter.operations,
    events: bot.events,
    plugins: bot.plugins,
    commands: bot.commands,
    clock: clock as FakeClock,
    logs: capture.records,
    logText: () => capture.text(),
    settle: () => bot.settle(),
    stop: () => bot.stop('test finished'),
  }
}

/** Sandbox settings putting every entry of `plugins` in `isolation`, keyed as the plugin manager looks them up. */
function isolate(
  plugins: readonly PluginEntry[],
  isolation: IsolationMode | SandboxSettings,
): Record<string, SandboxSettings> {
  const settings = typeof isolation === 'string' ? { isolation } : isolation
  const keyed: Record<string, SandboxSettings> = {}
  for (const entry of plugins) {
    const target = Array.isArray(entry) ? entry[0] : entry
    const key =
      typeof target === 'string' ? target : (target as { manifest?: { name?: unknown } }).manifest?.name
    if (typeof key === 'string') keyed[key] = settings
  }
  return keyed
}
