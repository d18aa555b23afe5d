import type { Logger } from '@banter/core'
import type { Client } from 'discord.js'

interface PacketHandling {
  handlePacket(packet?: { t?: unknown }, shard?: unknown): boolean
}

/**
 * Keeps a malformed gateway payload from crashing the process.
 *
 * discord.js builds its structures from gateway payloads inside `client.ws.handlePacket`, which
 * `@discordjs/ws` calls from a promise nobody awaits: a payload discord.js cannot read (a
 * MESSAGE_CREATE without `channel_id`, say) becomes an unhandled rejection, and Node ends the process.
 * This wraps that one method of the client's WebSocketManager (an internal of discord.js 14, so the
 * wrap is skipped with a debug line if it ever disappears) to log and drop such a payload instead.
 */
export function guardPacketHandling(client: Client, log: Logger): void {
  const ws = client.ws as unknown as Partial<PacketHandling>
  const original = ws.handlePacket
  if (typeof original !== 'function') {
    log.debug('discord.js has no WebSocketManager#handlePacket: malformed gateway payloads are not guarded')
    return
  }
  ws.handlePacket = function guardedHandlePacket(this: PacketHandling, packet, shard) {
    try {
      return original.call(this, packet, shard)
    } catch (error) {
      const event = typeof packet?.t === 'string' ? packet.t : 'gateway'
      log.warn(
        { err: error, event },
        `dropped a malformed ${event} payload from Discord: ${(error as Error).message}`,
      )
      return true
    }
  }
}
