import { Bot } from './bot.js'
import type { BotOptions } from './bot-options.js'

/**
 * Creates a bot. Nothing runs until `bot.start()`.
 *
 * @example
 * ```ts
 * import { createBot } from '@banter/core'
 * import TimestampPlugin from '@banter/plugin-timestamp'
 *
 * const bot = createBot({ adapter, plugins: [[TimestampPlugin, { timeZone: 'Europe/Paris' }]] })
 * await bot.start()
 * ```
 */
export function createBot(options: BotOptions): Bot {
  return new Bot(options)
}
