// What a shard process runs: one bot with one DiscordAdapter. discord.js gives the process its shard
// ids and token through the environment; the fake's REST URL comes as the first argument.
import { createBot, createLogger } from '@banter/core'
import { DiscordAdapter } from '../index.js'

const bot = createBot({
  adapter: new DiscordAdapter({ api: process.argv[2], waitGuildTimeout: 1000 }),
  logger: createLogger({ level: 'silent' }),
})
await bot.start()
