export { DiscordAdapter, type DiscordAdapterStatus } from './discord-adapter.js'
export { DISCORD_ERRORS, type DiscordErrorCode } from './errors.js'
export {
  DEFAULT_INTENTS,
  type DiscordAdapterOptions,
  discordAdapterOptionsSchema,
  type ResolvedDiscordAdapterOptions,
} from './options.js'
export {
  type DiscordShardingOptions,
  recommendedShardCount,
  startDiscordShards,
} from './sharding.js'
