import type { Logger } from '@banter/core'
import { type Client, Events } from 'discord.js'
import type { DiscordAdapterStatus } from './discord-adapter.js'

/** How {@link watchConnection} reads and moves the adapter's status. */
export interface ConnectionState {
  /** False once the adapter is stopping (discord.js reports its own shutdown as a reconnect). */
  live(): boolean
  set(status: DiscordAdapterStatus): void
}

/**
 * Logs what discord.js reports about the connection (errors, warnings, reconnects, resumes, rate
 * limits) and moves the adapter's status with the gateway: `connecting` while it reconnects, `ready`
 * once resumed, `disconnected` when Discord closed it for good.
 */
export function watchConnection(client: Client, log: Logger, state: ConnectionState): void {
  client.on(Events.Error, (error) => log.error({ err: error }, `discord.js error: ${error.message}`))
  client.on(Events.Warn, (message) => log.warn(`discord.js: ${message}`))
  client.on(Events.ShardError, (error, shard) => log.warn({ err: error, shard }, 'gateway connection error'))
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (!state.live()) return
    state.set('disconnected')
    log.error(
      { code: event.code, shard },
      `Discord closed the gateway connection for good (code ${event.code})`,
    )
  })
  client.on(Events.ShardReconnecting, (shard) => {
    if (!state.live()) return
    state.set('connecting')
    log.info({ shard }, 'gateway reconnecting')
  })
  client.on(Events.ShardResume, (shard, replayed) => {
    if (state.live()) state.set('ready')
    log.info({ shard, replayed }, 'gateway session resumed')
  })
  client.on(Events.ShardReady, (shard) => {
    if (state.live() && client.isReady()) state.set('ready')
    log.debug({ shard }, 'gateway shard ready')
  })
  client.rest.on('rateLimited', (info) =>
    log.info(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'Discord rate limit hit',
    ),
  )
}
