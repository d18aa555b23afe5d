import { type Bot, type BotOptions, createBot, createLogger, type PluginEntry } from '@banter/core'
import { createFakeClock, createLogCapture, type FakeClock, type LogRecord } from '@banter/core/testing'
import { DiscordAdapter } from '../discord-adapter.js'
import type { DiscordAdapterOptions } from '../options.js'
import { FakeDiscord } from './fake-discord.js'
import type { FakeDiscordOptions } from './fake-world.js'

/** Options of {@link startDiscordTestBot}. */
export interface DiscordTestBotOptions {
  /** Plugins, as for `createBot`. */
  readonly plugins?: readonly PluginEntry[]
  /** Adapter options, over `{ token: 'fake-token', api: fake.apiUrl, waitGuildTimeout: 1000 }`. */
  readonly adapter?: DiscordAdapterOptions
  /** A running fake to use (left running by `stop`), or options for a new one (closed by `stop`). */
  readonly fake?: FakeDiscord | FakeDiscordOptions
  /** Any other bot option (prefix, access, permissions, storage, ...). */
  readonly config?: Partial<Omit<BotOptions, 'adapter' | 'plugins' | 'clock' | 'logger'>>
  /** Where the bot's fake clock starts (default 2026-11-22 09:30:00 UTC). */
  readonly now?: number | Date
}

/** A bot on the real Discord adapter, connected to a fake Discord. */
export interface DiscordTestBot {
  /** The bot (started). */
  readonly bot: Bot
  /** The fake Discord it is connected to. */
  readonly fake: FakeDiscord
  /** The adapter. */
  readonly adapter: DiscordAdapter
  /** The bot's clock: time moves only when the test moves it (Discord itself runs on real time). */
  readonly clock: FakeClock
  /** Captured log lines. */
  readonly logs: LogRecord[]
  /** Every captured log line as text. */
  logText(): string
  /** Stops the bot, then closes the fake if this helper started it. */
  stop(): Promise<void>
}

/**
 * Starts a fake Discord (unless given one) and a bot on the real {@link DiscordAdapter} connected to
 * it: memory storage, a fake clock, captured logs. Resolves once the bot is logged in and ready.
 *
 * @example
 * ```ts
 * const t = await startDiscordTestBot({ plugins: [MyPlugin] })
 * t.fake.userMessage({ content: '!hello' })
 * const reply = await t.fake.waitForBotMessage((m) => m.content.includes('hello'))
 * await t.stop()
 * ```
 */
export async function startDiscordTestBot(options: DiscordTestBotOptions = {}): Promise<DiscordTestBot> {
  const own = !(options.fake instanceof FakeDiscord)
  const fake = options.fake instanceof FakeDiscord ? options.fake : await FakeDiscord.start(options.fake)
  const adapter = new DiscordAdapter({
    token: 'fake-token',
    api: fake.apiUrl,
    waitGuildTimeout: 1000,
    ...options.adapter,
  })
  const capture = createLogCapture()
  const clock = createFakeClock(options.now)
  const bot = createBot({
    storage: 'memory',
    ...options.config,
    adapter,
    plugins: options.plugins ?? [],
    clock,
    logger: createLogger({ level: 'debug', destination: capture }),
  })
  try {
    await bot.start()
  } catch (error) {
    if (own) await fake.close()
    throw error
  }
  return {
    bot,
    fake,
    adapter,
    clock,
    logs: capture.records,
    logText: () => capture.text(),
    async stop() {
      await bot.stop('test finished')
      if (own) await fake.close()
    },
  }
}
