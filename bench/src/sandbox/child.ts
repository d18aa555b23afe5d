/**
 * Child process of the sandbox suite: measures one thing in a fresh process, with `@banter/core` and
 * `@banter/sandbox` as they ship (their built `dist`), and sends the result over IPC.
 *
 * argv[2] is a JSON {@link SandboxSpec}.
 */
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { type Bot, createBot, createLogger, createMessage, type IsolationMode } from '@banter/core'
import { MemoryAdapter } from '../dispatch/memory-adapter.js'
import { answerParent } from '../harness/answer-parent.js'
import type { Window } from '../harness/measure.js'
import { writeNoopPlugins } from './noop-files.js'
import { rawWorker } from './raw-worker.js'

/**
 * What the parent asks a child to measure: one bot with `n` no-op plugins in `isolation` (or, for
 * `raw`, a bare worker echo), measured at each in-flight count, and for one plugin the round trip
 * warm and from idle. Start-up and memory come with it, so each round starts each setup once.
 */
export interface SandboxSpec {
  readonly isolation: IsolationMode | 'raw'
  readonly n: number
  readonly inflight: readonly number[]
  readonly latency: boolean
  readonly window: Window
  readonly samples: number
}

/** What a child reports. */
export interface SandboxResult {
  /** msg/s by in-flight count. */
  readonly throughput: Record<string, number>
  readonly warm?: { p50: number; p99: number }
  readonly idle?: { p50: number; p99: number }
  readonly startMsPerPlugin?: number
  readonly rssMbPerPlugin?: number
  readonly heapMbPerGuest?: number
}

const nowhere = new Writable({
  write(_chunk, _encoding, done) {
    done()
  },
})

const message = () =>
  createMessage({
    content: 'a message of ordinary length, as people write them in a channel on a busy evening',
    author: { id: '123456789012345678', name: 'someone', roles: ['member'] },
    guildId: '987654321098765432',
  })

async function startBot(
  isolation: IsolationMode,
  n: number,
): Promise<{ bot: Bot; ms: number; remove(): void }> {
  const { files, remove } = writeNoopPlugins(n)
  const sandbox = isolation === 'inline' ? {} : Object.fromEntries(files.map((f) => [f, { isolation }]))
  const bot = createBot({
    adapter: new MemoryAdapter(),
    plugins: files,
    sandbox,
    logger: createLogger({ level: 'warn', destination: nowhere }),
  })
  const started = performance.now()
  await bot.start()
  const ms = performance.now() - started
  const down = bot.plugins.list().filter((p) => p.status !== 'active')
  if (down.length > 0) throw new Error(`plugins did not start: ${JSON.stringify(down.map((p) => p.error))}`)
  return { bot, ms, remove }
}

/** Keeps `inflight` messages going and counts those finished in the window. */
async function inFlight(call: () => Promise<unknown>, inflight: number, window: Window): Promise<number> {
  let done = 0
  let stop = false
  const lanes = Array.from({ length: inflight }, async () => {
    while (!stop) {
      await call()
      done += 1
      // An inline bot answers in microtasks only: let timers (the window) run now and then.
      if ((done & 1023) === 0) await new Promise((resolve) => setImmediate(resolve))
    }
  })
  await sleep(window.warmMs)
  const from = done
  const started = performance.now()
  await sleep(window.measureMs)
  const count = done - from
  const elapsed = performance.now() - started
  stop = true
  await Promise.all(lanes)
  return (count / elapsed) * 1000
}

async function latencyOf(call: () => Promise<unknown>, samples: number, idle: boolean) {
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    if (idle) await sleep(20)
    const started = performance.now()
    await call()
    times.push((performance.now() - started) * 1000)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0
  return { p50: at(0.5), p99: at(0.99) }
}

async function setup(spec: SandboxSpec) {
  if (spec.isolation === 'raw') {
    const raw = await rawWorker()
    return { call: () => raw.call(message()), stop: () => raw.stop(), extra: {} }
  }
  const rss = process.memoryUsage().rss
  const { bot, ms, remove } = await startBot(spec.isolation, spec.n)
  await sleep(100)
  const extra: Partial<SandboxResult> = {
    startMsPerPlugin: ms / spec.n,
    rssMbPerPlugin: (process.memoryUsage().rss - rss) / spec.n / 1024 / 1024,
  }
  if (spec.isolation !== 'inline') {
    const { sandboxUsage } = await import('@banter/sandbox')
    const heaps = (await sandboxUsage()).map((u) => u.heapBytes ?? 0).sort((a, b) => a - b)
    ;(extra as { heapMbPerGuest?: number }).heapMbPerGuest =
      (heaps[Math.floor(heaps.length / 2)] ?? 0) / 1024 / 1024
  }
  return {
    call: () => bot.receive(message()),
    stop: async () => {
      await bot.stop()
      remove()
    },
    extra,
  }
}

async function main(): Promise<SandboxResult> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as SandboxSpec
  const target = await setup(spec)
  try {
    const throughput: Record<string, number> = {}
    for (const k of spec.inflight) throughput[k] = await inFlight(target.call, k, spec.window)
    if (!spec.latency) return { throughput, ...target.extra }
    for (let i = 0; i < 200; i++) await target.call()
    const warm = await latencyOf(target.call, spec.samples, false)
    const idle = await latencyOf(target.call, Math.max(20, Math.floor(spec.samples / 4)), true)
    return { throughput, warm, idle, ...target.extra }
  } finally {
    await target.stop()
  }
}

answerParent(main())
