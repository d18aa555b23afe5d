import { EventEmitter } from 'node:events'
import { getHeapSpaceStatistics } from 'node:v8'
import { BasePlugin, createBot, createLogger, type PluginContext } from '@banter/core'
import Emittery from 'emittery'
import { createHooks } from 'hookable'
import tapable from 'tapable'
import { noopPlugins, nullStream } from './banter-cases.js'
import { MemoryAdapter } from './memory-adapter.js'

/** What one heap child measured. */
export interface HeapResult {
  /**
   * Heap bytes per unit: per 1,000 listeners for a registration API (handler closures excluded), per
   * loaded plugin for `banter plugins`, per first instance of a plugin class for `bare plugin classes`.
   */
  readonly bytes: number
  /** Whether the registration API changed the handler functions it was given (own properties). */
  readonly modifiesHandlers: boolean
}

/** Registration APIs `measureHeap` knows, plus `banter plugins` (heap per loaded no-op plugin). */
export const HEAP_APIS = [
  'banter plugins',
  'bare plugin classes',
  'banter ctx.events.on',
  'banter bot.events.on',
  'node:events',
  'emittery',
  'hookable',
  'tapable (after first call)',
] as const

/** One of {@link HEAP_APIS}. */
export type HeapApi = (typeof HEAP_APIS)[number]

declare const gc: () => void

/** Heap bytes in use after full collections, code space excluded (the JIT's output is not data). */
function settle(): { heap: number } {
  for (let i = 0; i < 4; i++) gc()
  let heap = 0
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name !== 'code_space' && space.space_name !== 'code_large_object_space')
      heap += space.space_used_size
  }
  return { heap }
}

function quietBot(plugins: ReturnType<typeof noopPlugins>) {
  return createBot({
    adapter: new MemoryAdapter(),
    plugins,
    logger: createLogger({ level: 'info', destination: nullStream() }),
  })
}

async function perPlugin(count: number): Promise<number> {
  // A first bot with as many plugins absorbs one-time costs (compiling the start path), as the first
  // batch of listeners does below; a bot without plugins gives what starting a bot costs; the
  // difference of the third one is what its plugins cost.
  const warm = quietBot(noopPlugins(count, 'pipeline-sync'))
  const none = quietBot([])
  const some = quietBot(noopPlugins(count, 'pipeline-sync'))
  await warm.start()
  const start = settle()
  await none.start()
  const afterNone = settle()
  await some.start()
  const afterSome = settle()
  await some.stop()
  await none.stop()
  await warm.stop()
  return (afterSome.heap - afterNone.heap - (afterNone.heap - start.heap)) / count
}

/**
 * What V8 itself spends on the same no-op plugin classes without Banter: each class instantiated once
 * (its first instance gets the class's own hidden class, prototype info and slack) and kept. The
 * difference from `banter plugins` is Banter's own cost per plugin.
 */
async function perBareClass(count: number): Promise<number> {
  const classes = noopPlugins(count, 'pipeline-sync')
  const kept: unknown[] = new Array(count)
  const start = settle()
  for (let i = 0; i < count; i++) {
    const Cls = classes[i] as (typeof classes)[number]
    const instance = new Cls()
    instance.attach({} as PluginContext)
    kept[i] = typeof instance.onMessageReceived === 'function' ? instance : undefined
  }
  const end = settle()
  return (end.heap - start.heap) / count
}

/** Sets an API up and returns a function that registers handlers with it. */
type Register = () =>
  | Promise<(handlers: readonly Handler[]) => void>
  | ((handlers: readonly Handler[]) => void)

type Handler = (payload: unknown) => void

const { SyncHook } = tapable

const listenerPermissions = ['messages:read' as const]

const registrations: Record<Exclude<HeapApi, 'banter plugins' | 'bare plugin classes'>, Register> = {
  'banter ctx.events.on': async () => {
    let context: PluginContext | undefined
    const Holder = class extends BasePlugin {
      static manifest = {
        name: 'holder',
        version: '1.0.0',
        description: 'Holds listeners',
        permissions: listenerPermissions,
      }
      override initialize(ctx: PluginContext): void {
        context = ctx
      }
    }
    await quietBot([Holder]).start()
    return (handlers) => {
      for (const handler of handlers) context?.events.on('message.received', handler)
    }
  },
  'banter bot.events.on': async () => {
    const bot = quietBot([])
    await bot.start()
    return (handlers) => {
      for (const handler of handlers) bot.events.on('message.received', handler)
    }
  },
  'node:events': () => {
    const emitter = new EventEmitter()
    emitter.setMaxListeners(0)
    return (handlers) => {
      for (const handler of handlers) emitter.on('message', handler)
    }
  },
  emittery: () => {
    const emitter = new Emittery()
    return (handlers) => {
      for (const handler of handlers) emitter.on('message', handler)
    }
  },
  hookable: () => {
    const hooks = createHooks<{ message: (m: unknown) => void | Promise<void> }>()
    return (handlers) => {
      for (const handler of handlers) hooks.hook('message', handler)
    }
  },
  'tapable (after first call)': () => {
    const hook = new SyncHook<[unknown]>(['message'])
    let tapped = 0
    return (handlers) => {
      for (const handler of handlers) hook.tap(`p${tapped++}`, handler)
      hook.call({})
    }
  },
}

/** `count` anonymous listener closures, as plugins usually write them (`(payload) => {...}`). */
function handlers(count: number): Handler[] {
  const make = (): Handler => (_payload) => {}
  return Array.from({ length: count }, make)
}

/** A fingerprint of a function's own properties (a getter added over `name` changes it). */
function ownKeys(fn: object): string {
  return Object.entries(Object.getOwnPropertyDescriptors(fn))
    .map(([key, d]) => `${key}:${d.get ? 'get' : typeof d.value}:${d.writable}:${d.enumerable}`)
    .sort()
    .join(',')
}

/**
 * Heap bytes per loaded plugin (loading `count` no-op plugins), or per 1,000 listeners registered
 * through `api`: the marginal cost of `count` more listeners after a first batch of `count` (which
 * absorbs one-time costs such as compiling the registration path). One API per process.
 */
export async function measureHeap(api: HeapApi, count: number): Promise<HeapResult> {
  if (api === 'banter plugins') return { bytes: await perPlugin(count), modifiesHandlers: false }
  if (api === 'bare plugin classes') return { bytes: await perBareClass(count), modifiesHandlers: false }
  const add = await registrations[api]()
  const first = handlers(count)
  const second = handlers(count)
  const keys = second.map(ownKeys)
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  add(first)
  // Wait until the heap is stable (the module loader and IPC release memory on their own schedule).
  let before = settle().heap
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    const now = settle().heap
    if (Math.abs(now - before) < 1024) break
    before = now
  }
  add(second)
  // Let work queued by registration run first (emittery emits `listenerAdded` asynchronously).
  await tick()
  const bytes = ((settle().heap - before) * 1000) / count
  return { bytes, modifiesHandlers: second.some((h, i) => ownKeys(h) !== keys[i]) }
}
