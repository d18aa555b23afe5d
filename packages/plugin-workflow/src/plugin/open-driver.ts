import type { PluginContext } from '@banter/core'
import { durationMs as ms } from '../definition/duration.js'
import { workflowError } from '../errors.js'
import type { ResolvedWorkflowOptions } from '../options.js'
import { MemoryQueueDriver } from '../queue/memory-queue.js'
import type { QueueDriver } from '../queue/queue-driver.js'
import { redactRedisUrl } from '../queue/redact-redis-url.js'

const CONNECT_TIMEOUT_MS = 10_000

/**
 * How often the memory driver drops expired runs: a sixtieth of `keepRuns`, between 1 s and 10 min
 * (finished runs are gone at most that long after `keepRuns`).
 */
function sweepEvery(keepRunsMs: number): number {
  return Math.min(600_000, Math.max(1000, Math.round(keepRunsMs / 60)))
}

/**
 * Opens the configured queue driver: the in-process memory queue, or BullMQ on Redis (imported only
 * then), waiting up to 10 s for Redis to answer (`WORKFLOW_QUEUE_UNAVAILABLE`, the driver closed).
 */
export async function openDriver(ctx: PluginContext<ResolvedWorkflowOptions>): Promise<QueueDriver> {
  const o = ctx.config
  if (o.driver === 'memory') {
    return new MemoryQueueDriver(ctx.timers, ctx.logger, {
      maxRuns: o.maxRuns,
      sweepEveryMs: sweepEvery(ms(o.keepRuns)),
    })
  }
  const url = o.redisUrl as string
  // BullMQ and ioredis are loaded only for this driver: the memory driver never imports them.
  const { BullmqQueueDriver } = await import('../queue/bullmq-queue.js')
  const driver = new BullmqQueueDriver(
    { url, prefix: o.prefix, queue: o.queue, maxRuns: o.maxRuns, ...o.bullmq },
    ctx.logger,
  )
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      driver.ready(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              workflowError(
                'WORKFLOW_QUEUE_UNAVAILABLE',
                `Redis at ${redactRedisUrl(url)} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`,
              ),
            ),
          CONNECT_TIMEOUT_MS,
        )
      }),
    ])
  } catch (error) {
    await driver.close().catch(() => undefined)
    throw error
  } finally {
    clearTimeout(timer)
  }
  return driver
}
