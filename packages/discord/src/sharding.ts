import type { Logger } from '@banter/core'
import { REST, Routes, ShardingManager } from 'discord.js'
import { discordError, fromDiscordError } from './errors.js'

/** Options of {@link startDiscordShards}. */
export interface DiscordShardingOptions {
  /**
   * The script each shard process runs. It starts one bot with one `DiscordAdapter`, exactly as an
   * unsharded bot does: discord.js hands the process its shard ids and token through the environment
   * (`SHARDS`, `SHARD_COUNT`, `DISCORD_TOKEN`), and the adapter's client picks them up.
   */
  readonly file: string
  /** Bot token (default: the DISCORD_TOKEN environment variable). */
  readonly token?: string
  /** Shards across every machine: `auto` (Discord's recommendation, default) or a number. */
  readonly totalShards?: 'auto' | number
  /** The shard ids this manager spawns, to spread shards over machines (default: all of them). */
  readonly shardList?: readonly number[]
  /** REST base URL used to ask for the recommended count (default `https://discord.com/api`). */
  readonly api?: string
  /** `process` (default) or `worker` threads. */
  readonly mode?: 'process' | 'worker'
  /** Restart a shard process that exits (default true). */
  readonly respawn?: boolean
  /** Node flags for the shard processes (e.g. `['--import', 'tsx']`). */
  readonly execArgv?: readonly string[]
  /** Arguments for the shard script. */
  readonly shardArgs?: readonly string[]
  /** Pause between two shard starts in ms (default 5500, Discord's one identify per 5 s). */
  readonly spawnDelayMs?: number
  /** How long one shard may take to become ready, in ms (default 30000). */
  readonly spawnTimeoutMs?: number
  /** Where to log shard starts and deaths. */
  readonly logger?: Logger
}

/**
 * Asks Discord (or the `api` URL) how many shards it recommends for the bot: `GET /gateway/bot`.
 * discord.js's own helper always asks discord.com, which a rate-limit proxy or a test would miss.
 */
export async function recommendedShardCount(token: string, api?: string): Promise<number> {
  const rest = new REST(api ? { api } : {}).setToken(token)
  try {
    const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number }
    return Math.max(1, shards)
  } catch (error) {
    throw fromDiscordError(error, 'ask Discord for the recommended shard count')
  } finally {
    rest.clearHashSweeper()
    rest.clearHandlerSweeper()
  }
}

/**
 * Starts discord.js's `ShardingManager` for `file` and spawns the shards, resolving once every shard
 * spawned by this manager is ready. Stop them with `manager.shards.forEach((s) => s.kill())`.
 *
 * @example
 * ```ts
 * const manager = await startDiscordShards({ file: 'dist/shard.js', totalShards: 'auto' })
 * ```
 */
export async function startDiscordShards(options: DiscordShardingOptions): Promise<ShardingManager> {
  const token = options.token ?? process.env.DISCORD_TOKEN
  if (!token) throw discordError('DISCORD_TOKEN_MISSING', 'the Discord sharding manager has no bot token')
  const wanted = options.totalShards ?? 'auto'
  const totalShards = wanted === 'auto' ? await recommendedShardCount(token, options.api) : wanted
  const manager = new ShardingManager(options.file, {
    token,
    totalShards,
    ...(options.shardList ? { shardList: [...options.shardList] } : {}),
    mode: options.mode ?? 'process',
    respawn: options.respawn ?? true,
    execArgv: [...(options.execArgv ?? [])],
    shardArgs: [...(options.shardArgs ?? [])],
  })
  const log = options.logger
  manager.on('shardCreate', (shard) => {
    log?.info({ shard: shard.id, totalShards }, `starting Discord shard ${shard.id + 1} of ${totalShards}`)
    shard.on('death', () => log?.warn({ shard: shard.id }, `Discord shard ${shard.id} exited`))
    shard.on('ready', () => log?.info({ shard: shard.id }, `Discord shard ${shard.id} ready`))
  })
  await manager.spawn({
    amount: totalShards,
    delay: options.spawnDelayMs ?? 5500,
    timeout: options.spawnTimeoutMs ?? 30_000,
  })
  return manager
}
