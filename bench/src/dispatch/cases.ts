import type { Driver } from '../harness/measure.js'

/** What a dispatch case does: fan a message out to listeners, or pass it down a waterfall. */
export type CaseShape = 'fanout' | 'waterfall' | 'framework'

/** One thing the dispatch suite measures with `n` no-op plugins or listeners. */
export interface DispatchCase {
  /** Stable id, used on the child's command line. */
  readonly id: string
  /** Row label. */
  readonly label: string
  /** Fan-out, waterfall, or a whole framework's receive path. */
  readonly shape: CaseShape
  /** Whether the plugins/listeners are `async` functions. */
  readonly async: boolean
  /** Whether calls into plugins are isolated (try/catch, timeouts, stats). */
  readonly isolated: boolean
  /** Builds the driver (imports its module lazily, so a child loads only what it measures). */
  setup(n: number): Promise<Driver>
}

const banter =
  (
    hook: 'pipeline-sync' | 'pipeline-async' | 'listener-sync' | 'listener-async',
    awaited = true,
    fresh = false,
  ) =>
  async (n: number) =>
    (await import('./banter-cases.js')).banterDriver(n, hook, awaited, fresh)

const library =
  (id: keyof typeof import('./library-cases.js').libraryCases) =>
  async (n: number): Promise<Driver> =>
    (await import('./library-cases.js')).libraryCases[id](n)

/** Every dispatch case, Banter first. */
export const DISPATCH_CASES: readonly DispatchCase[] = [
  {
    id: 'banter-pipeline-sync',
    label: 'banter bot.receive, sync onMessageReceived',
    shape: 'waterfall',
    async: false,
    isolated: true,
    setup: banter('pipeline-sync'),
  },
  {
    id: 'banter-pipeline-sync-nowait',
    label: 'banter bot.receive not awaited (adapter style), sync onMessageReceived',
    shape: 'waterfall',
    async: false,
    isolated: true,
    setup: banter('pipeline-sync', false),
  },
  {
    id: 'banter-pipeline-sync-fresh',
    label:
      'banter bot.receive, a new message object per call (createMessage, as adapters do), sync onMessageReceived',
    shape: 'waterfall',
    async: false,
    isolated: true,
    setup: banter('pipeline-sync', true, true),
  },
  {
    id: 'banter-pipeline-async',
    label: 'banter bot.receive, async onMessageReceived',
    shape: 'waterfall',
    async: true,
    isolated: true,
    setup: banter('pipeline-async'),
  },
  {
    id: 'banter-listener-sync',
    label: 'banter bot.receive, sync message.received listeners',
    shape: 'fanout',
    async: false,
    isolated: true,
    setup: banter('listener-sync'),
  },
  {
    id: 'banter-listener-async',
    label: 'banter bot.receive, async message.received listeners',
    shape: 'fanout',
    async: true,
    isolated: true,
    setup: banter('listener-async'),
  },
  {
    id: 'loop-fanout-sync',
    label: 'plain loop of calls (the limit)',
    shape: 'fanout',
    async: false,
    isolated: false,
    setup: library('loop-fanout-sync'),
  },
  {
    id: 'loop-waterfall-sync',
    label: 'plain waterfall m = p(m)',
    shape: 'waterfall',
    async: false,
    isolated: false,
    setup: library('loop-waterfall-sync'),
  },
  {
    id: 'loop-waterfall-sync-awaited',
    label: 'plain waterfall m = p(m) in an async function, awaited (the floor of an awaited receive)',
    shape: 'waterfall',
    async: true,
    isolated: false,
    setup: library('loop-waterfall-sync-awaited'),
  },
  {
    id: 'loop-waterfall-async',
    label: 'plain async waterfall m = await p(m)',
    shape: 'waterfall',
    async: true,
    isolated: false,
    setup: library('loop-waterfall-async'),
  },
  {
    id: 'events-fanout-sync',
    label: 'node:events emit',
    shape: 'fanout',
    async: false,
    isolated: false,
    setup: library('events-fanout-sync'),
  },
  {
    id: 'emittery-fanout-async',
    label: 'emittery emit',
    shape: 'fanout',
    async: true,
    isolated: false,
    setup: library('emittery-fanout-async'),
  },
  {
    id: 'hookable-fanout-sync',
    label: 'hookable callHook',
    shape: 'fanout',
    async: false,
    isolated: false,
    setup: library('hookable-fanout-sync'),
  },
  {
    id: 'hookable-fanout-async',
    label: 'hookable callHookParallel',
    shape: 'fanout',
    async: true,
    isolated: false,
    setup: library('hookable-fanout-async'),
  },
  {
    id: 'tapable-fanout-sync',
    label: 'tapable SyncHook',
    shape: 'fanout',
    async: false,
    isolated: false,
    setup: library('tapable-fanout-sync'),
  },
  {
    id: 'tapable-fanout-async',
    label: 'tapable AsyncParallelHook',
    shape: 'fanout',
    async: true,
    isolated: false,
    setup: library('tapable-fanout-async'),
  },
  {
    id: 'tapable-waterfall-sync',
    label: 'tapable SyncWaterfallHook',
    shape: 'waterfall',
    async: false,
    isolated: false,
    setup: library('tapable-waterfall-sync'),
  },
  {
    id: 'tapable-waterfall-async',
    label: 'tapable AsyncSeriesWaterfallHook',
    shape: 'waterfall',
    async: true,
    isolated: false,
    setup: library('tapable-waterfall-async'),
  },
  {
    id: 'banter-testkit',
    label: "banter test kit, createTestBot().receive('!ping') (logs captured at debug)",
    shape: 'framework',
    async: true,
    isolated: true,
    setup: async () => (await import('./banter-cases.js')).testKitDriver(),
  },
  {
    id: 'koishi',
    label: 'koishi 4 (plugin-mock), no-op middleware plugins',
    shape: 'framework',
    async: true,
    isolated: true,
    setup: async (n) => (await import('./framework-cases.js')).koishiDriver(n),
  },
  {
    id: 'hubot',
    label: 'hubot 14 (memory adapter), no-op hear scripts',
    shape: 'framework',
    async: false,
    isolated: true,
    setup: async (n) => (await import('./framework-cases.js')).hubotDriver(n),
  },
]

/** The case with id `id`. */
export function findCase(id: string): DispatchCase {
  const found = DISPATCH_CASES.find((c) => c.id === id)
  if (!found) throw new Error(`unknown dispatch case "${id}"`)
  return found
}
