import { randomBytes } from 'node:crypto'
import type { BotEvents, PluginEntry } from '@banter/core'
import type { TestRedis } from '@banter/test-servers'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { type WorkflowOptions, WorkflowPlugin, type WorkflowService } from '../../src/index.js'

/** Workflow event names. */
export const WORKFLOW_EVENTS = [
  'workflow.started',
  'workflow.step',
  'workflow.completed',
  'workflow.failed',
  'workflow.cancelled',
] as const

type WorkflowEventName = (typeof WORKFLOW_EVENTS)[number]

/** One recorded workflow event. */
export type Recorded = { readonly name: WorkflowEventName } & Record<string, unknown>

/** A test bot with the workflow plugin, its recorded events and its `workflows` service. */
export interface WorkflowBot extends TestBot {
  readonly recorded: Recorded[]
  readonly workflows: WorkflowService
  /** Resolves with the first recorded (or future) event matching. */
  next(
    name: WorkflowEventName | readonly WorkflowEventName[],
    match?: (event: Recorded) => boolean,
    timeoutMs?: number,
  ): Promise<Recorded>
  /** Resolves once the run finished (completed, failed or cancelled); returns its final event. */
  finished(runId: string, timeoutMs?: number): Promise<Recorded>
}

/** A queue driver the engine suite runs against. */
export interface DriverCase {
  readonly name: 'memory' | 'bullmq'
  /** Plugin options selecting the driver (a fresh queue each call, so tests do not share state). */
  options(): WorkflowOptions
}

/** The memory driver. */
export const memoryDriver: DriverCase = { name: 'memory', options: () => ({ driver: 'memory' }) }

/** The bullmq driver on `redis()` (started by the suite). */
export function bullmqDriver(redis: () => TestRedis | undefined): DriverCase {
  return {
    name: 'bullmq',
    options: () => ({
      driver: 'bullmq',
      redisUrl: redis()?.url ?? 'redis://127.0.0.1:1',
      queue: `t${randomBytes(5).toString('hex')}`,
      board: false,
    }),
  }
}

const open = new Set<TestBot>()

/** Stops every bot the test started. */
export async function stopBots(): Promise<void> {
  const bots = [...open]
  open.clear()
  await Promise.allSettled(bots.map((b) => b.stop()))
}

/** Starts a test bot (real clock) with the workflow plugin and extra plugins. */
export async function workflowBot(
  options: WorkflowOptions,
  extra: readonly PluginEntry[] = [],
  config: Parameters<typeof createTestBot>[0] = {},
): Promise<WorkflowBot> {
  const bot = await createTestBot({
    clock: 'real',
    logLevel: 'info',
    ...config,
    plugins: [[WorkflowPlugin, options], ...extra],
  })
  open.add(bot)
  const recorded: Recorded[] = []
  const waiters = new Set<{
    names: readonly WorkflowEventName[]
    match: (e: Recorded) => boolean
    resolve: (e: Recorded) => void
  }>()
  for (const name of WORKFLOW_EVENTS) {
    bot.events.on(name, (payload: BotEvents[typeof name]) => {
      const event = { name, ...payload } as Recorded
      recorded.push(event)
      for (const waiter of [...waiters]) {
        if (waiter.names.includes(name) && waiter.match(event)) {
          waiters.delete(waiter)
          waiter.resolve(event)
        }
      }
    })
  }
  const info = bot.plugins.get('workflow')
  if (info?.status !== 'active') throw info?.error ?? new Error('the workflow plugin did not start')
  const workflows = bot.bot.services.tryGet('workflows') as WorkflowService
  const next = (
    name: WorkflowEventName | readonly WorkflowEventName[],
    match: (e: Recorded) => boolean = () => true,
    timeoutMs = 10_000,
  ) => {
    const names = typeof name === 'string' ? [name] : name
    const seen = recorded.find((e) => names.includes(e.name) && match(e))
    if (seen) return Promise.resolve(seen)
    return new Promise<Recorded>((resolve, reject) => {
      const waiter = {
        names,
        match,
        resolve: (e: Recorded) => {
          clearTimeout(timer)
          resolve(e)
        },
      }
      const timer = setTimeout(() => {
        waiters.delete(waiter)
        reject(
          new Error(
            `no ${names.join('|')} event within ${timeoutMs} ms; saw: ${recorded.map((e) => e.name).join(', ')}`,
          ),
        )
      }, timeoutMs)
      waiters.add(waiter)
    })
  }
  const finished = (runId: string, timeoutMs = 10_000) =>
    next(['workflow.completed', 'workflow.failed', 'workflow.cancelled'], (e) => e.runId === runId, timeoutMs)
  return Object.assign(bot, { recorded, workflows, next, finished })
}
