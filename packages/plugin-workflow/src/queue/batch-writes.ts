import type { Redis } from 'ioredis'

/**
 * Makes an ioredis connection write the commands sent in one tick to its socket together, in one
 * system call, in the order they were sent: the socket is corked at the first command of the tick and
 * uncorked on the next tick. A run's final write and the job's own move (sent by BullMQ right after
 * the handler returns, on the same connection) then leave in one packet. Nothing is reordered,
 * delayed past the tick or dropped: ioredis still sees each command written, and its replies,
 * reconnects and offline queue work as before.
 */
export function batchWrites(redis: Redis): void {
  const send = redis.sendCommand.bind(redis)
  let corked: { uncork(): void } | undefined
  const flush = () => {
    const socket = corked
    corked = undefined
    socket?.uncork()
  }
  redis.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    const socket = (redis as unknown as { stream?: { cork?(): void; uncork(): void; writable?: boolean } })
      .stream
    if (corked === undefined && redis.status === 'ready' && socket?.writable === true && socket.cork) {
      socket.cork()
      corked = socket
      process.nextTick(flush)
    }
    return send(...args)
  }) as Redis['sendCommand']
}
