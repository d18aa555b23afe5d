import { isBanterError } from '@banter/core'
import type { CliIo } from '../cli/io.js'
import type { LoadedConfig } from '../config/load-config.js'
import { createAppLogger } from './create-logger.js'

/** Whether this process is a shard that a sharding manager spawned. */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDS !== undefined && env.SHARD_COUNT !== undefined
}

/** The first shard id of this shard process (0 when not sharded). */
export function shardOffset(env: NodeJS.ProcessEnv = process.env): number {
  const first = Number.parseInt(
    String(env.SHARDS ?? '0')
      .replace(/[^\d,]/g, '')
      .split(',')[0] ?? '0',
    10,
  )
  return Number.isFinite(first) ? first : 0
}

/**
 * Runs discord.js's ShardingManager over this same CLI: each shard is a `banter start` process with
 * one Discord adapter and every plugin (state they share lives in the configured storage: use Redis).
 * Resolves to the exit code once a signal stopped every shard.
 */
export async function runShardManager(loaded: LoadedConfig, io: CliIo): Promise<number> {
  const { startDiscordShards } = await import('@banter/discord')
  const discord = loaded.config.discord ?? {}
  const logger = createAppLogger({
    level: loaded.config.log.level,
    pretty: loaded.config.log.pretty,
    secrets: loaded.secrets,
  })
  let manager: Awaited<ReturnType<typeof startDiscordShards>>
  try {
    manager = await startDiscordShards({
      file: process.argv[1] as string,
      ...(typeof discord.token === 'string' ? { token: discord.token } : {}),
      totalShards: discord.shards ?? 'auto',
      ...(typeof discord.api === 'string' ? { api: discord.api } : {}),
      execArgv: process.execArgv,
      shardArgs: ['start', '-c', loaded.file, '--adapter', 'discord'],
      ...(discord.shardSpawnDelayMs === undefined ? {} : { spawnDelayMs: discord.shardSpawnDelayMs }),
      ...(discord.shardList === undefined ? {} : { shardList: discord.shardList }),
      logger,
    })
  } catch (error) {
    io.err(isBanterError(error) ? error.message : String(error))
    return 1
  }
  const children = await new Promise<import('node:child_process').ChildProcess[]>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info(`${signal}: stopping ${manager.shards.size} shard(s)`)
      manager.respawn = false
      const processes = [...manager.shards.values()].flatMap((shard) =>
        shard.process ? [shard.process] : [],
      )
      for (const child of processes) child.kill('SIGTERM') // each shard stops gracefully, as `banter start` does
      resolve(processes)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) =>
          child.exitCode === null ? child.once('exit', () => resolve()) : resolve(),
        ),
    ),
  )
  return 0
}
