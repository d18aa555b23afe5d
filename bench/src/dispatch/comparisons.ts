/** One ratio the dispatch suite reports: `numerator / denominator`, both keys of its round table. */
export interface Comparison {
  readonly name: string
  readonly numerator: string
  readonly denominator: string
  readonly description: string
}

/** A target of issue 7, checked against a measured key. */
export interface Target {
  readonly name: string
  readonly key: string
  /** The target value, in the key's unit. */
  readonly value: number
  /** `min`: the measured value must reach it; `max`: it must stay under it. */
  readonly kind: 'min' | 'max'
  readonly description: string
}

/** Throughput key of a case at `n`. */
export const tp = (caseId: string, n: number): string => `tp:${caseId}:${n}`

const faster = '>1: Banter handles more messages per second'

/** Ratios of Banter's throughput to the limit and to each peer, at `n` plugins/listeners. */
export function throughputComparisons(n: number, full: boolean): Comparison[] {
  const vs = (banter: string, peer: string, label: string): Comparison => ({
    name: `${banter.replace('banter-', 'banter ')} / ${label}, N=${n}`,
    numerator: tp(banter, n),
    denominator: tp(peer, n),
    description: faster,
  })
  const list = [
    vs('banter-pipeline-sync', 'loop-waterfall-sync', 'plain waterfall (limit)'),
    vs('banter-pipeline-sync', 'loop-waterfall-sync-awaited', 'plain waterfall awaited (floor)'),
    vs('banter-pipeline-sync', 'tapable-waterfall-sync', 'tapable SyncWaterfallHook'),
    vs('banter-pipeline-sync-nowait', 'loop-waterfall-sync', 'plain waterfall (limit)'),
    {
      name: `banter pipeline-sync, a new message per call / the same message, N=${n}`,
      numerator: tp('banter-pipeline-sync-fresh', n),
      denominator: tp('banter-pipeline-sync', n),
      description:
        'share of the throughput kept when each message is a new object, createMessage included (1 = no cost per object)',
    },
    vs('banter-pipeline-async', 'loop-waterfall-async', 'plain async waterfall (limit)'),
    vs('banter-pipeline-async', 'tapable-waterfall-async', 'tapable AsyncSeriesWaterfallHook'),
    vs('banter-listener-sync', 'loop-fanout-sync', 'plain loop (limit)'),
    vs('banter-listener-async', 'tapable-fanout-async', 'tapable AsyncParallelHook'),
  ]
  if (!full) return list
  return [
    ...list,
    vs('banter-listener-sync', 'events-fanout-sync', 'node:events'),
    vs('banter-listener-sync', 'tapable-fanout-sync', 'tapable SyncHook'),
    vs('banter-listener-sync', 'hookable-fanout-sync', 'hookable callHook'),
    vs('banter-listener-async', 'emittery-fanout-async', 'emittery'),
    vs('banter-listener-async', 'hookable-fanout-async', 'hookable callHookParallel'),
    vs('banter-pipeline-async', 'emittery-fanout-async', 'emittery (fan-out)'),
    vs('banter-pipeline-async', 'hookable-fanout-async', 'hookable callHookParallel (fan-out)'),
    vs('banter-pipeline-async', 'tapable-fanout-async', 'tapable AsyncParallelHook (fan-out)'),
  ]
}

/** Ratios of Banter to Koishi and Hubot with `n` no-op plugins, throughput and latency. */
export function frameworkComparisons(n: number): Comparison[] {
  const list: Comparison[] = []
  for (const peer of ['koishi', 'hubot']) {
    for (const banter of ['banter-pipeline-sync', 'banter-pipeline-async', 'banter-listener-async']) {
      list.push({
        name: `${banter.replace('banter-', 'banter ')} / ${peer}, N=${n}`,
        numerator: tp(banter, n),
        denominator: tp(peer, n),
        description: faster,
      })
    }
    list.push({
      name: `${peer} p99 / banter async pipeline p99, N=${n}`,
      numerator: `p99:${peer}`,
      denominator: 'p99:banter-pipeline-async',
      description: '>1: Banter has the lower p99 latency',
    })
  }
  return list
}

/** The targets. */
export const TARGETS: readonly Target[] = [
  {
    name: 'target: 10 async plugins >= 700k msg/s',
    key: tp('banter-pipeline-async', 10),
    value: 700_000,
    kind: 'min',
    description: 'measured / 700k; >=1 meets the target',
  },
  {
    name: 'target: 10 sync plugins >= 10M msg/s',
    key: tp('banter-pipeline-sync', 10),
    value: 10_000_000,
    kind: 'min',
    description: 'measured / 10M; >=1 meets the target',
  },
  {
    name: 'target: 10 sync plugins >= 10M msg/s (receive not awaited)',
    key: tp('banter-pipeline-sync-nowait', 10),
    value: 10_000_000,
    kind: 'min',
    description: 'measured / 10M; >=1 meets the target',
  },
  {
    name: 'target: 50 async listeners >= 200k msg/s',
    key: tp('banter-listener-async', 50),
    value: 200_000,
    kind: 'min',
    description: 'measured / 200k (perf note); >=1 meets the target',
  },
  {
    name: "target: test kit createTestBot().receive('!ping') p50 < 20 µs",
    key: 'p50:banter-testkit',
    value: 20,
    kind: 'max',
    description: '20 µs / measured; >=1 meets the target',
  },
  {
    name: 'target: p99 with 10 sync plugins < 50 µs',
    key: 'p99:banter-pipeline-sync',
    value: 50,
    kind: 'max',
    description: '50 µs / measured; >=1 meets the target',
  },
  {
    name: 'target: p99 with 10 async plugins < 50 µs',
    key: 'p99:banter-pipeline-async',
    value: 50,
    kind: 'max',
    description: '50 µs / measured; >=1 meets the target',
  },
  {
    name: 'target: <= 32 KB per 1,000 listeners (ctx.events.on)',
    key: 'heap:banter ctx.events.on',
    value: 32,
    kind: 'max',
    description: '32 KB / measured; >=1 meets the target',
  },
  {
    name: 'target: <= 1 KB of heap per loaded no-op plugin',
    key: 'heap:banter plugins',
    value: 1,
    kind: 'max',
    description: "1 KB / measured; >=1 meets the target (V8's own cost of a distinct class included)",
  },
  {
    name: "target: <= 1 KB of banter's own heap per loaded no-op plugin (the bare class's cost taken off)",
    key: 'heap:banter own per plugin',
    value: 1,
    kind: 'max',
    description: '1 KB / measured; >=1 meets the target',
  },
]
