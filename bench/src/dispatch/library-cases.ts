import { EventEmitter } from 'node:events'
import Emittery from 'emittery'
import { createHooks } from 'hookable'
import tapable from 'tapable'
import type { Driver } from '../harness/measure.js'
import { type NoopFunction, noopFunctions } from './noop-functions.js'

const { SyncHook, AsyncParallelHook, SyncWaterfallHook, AsyncSeriesWaterfallHook } = tapable

/** The payload library cases pass around (a plain object, like a chat message). */
const payload = { id: '1', channelId: 'c', content: 'hello there, how is everyone doing today?' }

/** Library dispatch cases, without isolation: `n` distinct no-op functions each. */
export const libraryCases = {
  /** The limit: a plain loop calling each function. */
  'loop-fanout-sync'(n: number): Driver {
    const fns = noopFunctions(n, false)
    return {
      kind: 'sync',
      call() {
        for (let i = 0; i < fns.length; i++) (fns[i] as NoopFunction)(payload)
      },
    }
  },
  /** A plain waterfall: `m = p(m) ?? m`. */
  'loop-waterfall-sync'(n: number): Driver {
    const fns = noopFunctions(n, false)
    return {
      kind: 'sync',
      call() {
        let m: unknown = payload
        for (let i = 0; i < fns.length; i++) m = (fns[i] as NoopFunction)(m) ?? m
        return m
      },
    }
  },
  /**
   * The same plain waterfall inside an async function, awaited per message: what any awaited
   * `receive` costs at the least (one promise and one `await` per message), with nothing else. The
   * loop is written out again, not borrowed from the case above: closures of one function literal
   * share V8's type feedback, and calling through it measured 6.1M instead of 10.1-10.4M msg/s.
   */
  async 'loop-waterfall-sync-awaited'(n: number): Promise<Driver> {
    const fns = noopFunctions(n, false)
    return {
      kind: 'async',
      async call() {
        let m: unknown = payload
        for (let i = 0; i < fns.length; i++) m = (fns[i] as NoopFunction)(m) ?? m
        return m
      },
    }
  },
  /** A plain async waterfall: `m = (await p(m)) ?? m`. */
  async 'loop-waterfall-async'(n: number): Promise<Driver> {
    const fns = noopFunctions(n, true)
    return {
      kind: 'async',
      async call() {
        let m: unknown = payload
        for (let i = 0; i < fns.length; i++) m = (await (fns[i] as NoopFunction)(m)) ?? m
        return m
      },
    }
  },
  /** node:events `emit` with sync listeners. */
  'events-fanout-sync'(n: number): Driver {
    const emitter = new EventEmitter()
    emitter.setMaxListeners(0)
    for (const fn of noopFunctions(n, false)) emitter.on('message', fn)
    return { kind: 'sync', call: () => emitter.emit('message', payload) }
  },
  /** emittery `emit` (awaits every listener) with async listeners. */
  'emittery-fanout-async'(n: number): Driver {
    const emitter = new Emittery()
    for (const fn of noopFunctions(n, true)) emitter.on('message', fn)
    return { kind: 'async', call: () => emitter.emit('message', payload) }
  },
  /** hookable `callHookParallel` with async listeners. */
  'hookable-fanout-async'(n: number): Driver {
    const hooks = createHooks<{ message: (m: unknown) => void | Promise<void> }>()
    for (const fn of noopFunctions(n, true)) hooks.hook('message', fn)
    return { kind: 'async', call: () => hooks.callHookParallel('message', payload) }
  },
  /** hookable `callHook` with sync listeners (returns synchronously then). */
  'hookable-fanout-sync'(n: number): Driver {
    const hooks = createHooks<{ message: (m: unknown) => void | Promise<void> }>()
    for (const fn of noopFunctions(n, false)) hooks.hook('message', fn)
    return { kind: 'sync', call: () => hooks.callHook('message', payload) }
  },
  /** tapable `SyncHook`. */
  'tapable-fanout-sync'(n: number): Driver {
    const hook = new SyncHook<[unknown]>(['message'])
    noopFunctions(n, false).forEach((fn, i) => {
      hook.tap(`p${i}`, fn)
    })
    return { kind: 'sync', call: () => hook.call(payload) }
  },
  /** tapable `AsyncParallelHook` with promise taps. */
  'tapable-fanout-async'(n: number): Driver {
    const hook = new AsyncParallelHook<[unknown]>(['message'])
    noopFunctions(n, true).forEach((fn, i) => {
      hook.tapPromise(`p${i}`, fn as (m: unknown) => Promise<void>)
    })
    return { kind: 'async', call: () => hook.promise(payload) }
  },
  /** tapable `SyncWaterfallHook`. */
  'tapable-waterfall-sync'(n: number): Driver {
    const hook = new SyncWaterfallHook<[unknown]>(['message'])
    noopFunctions(n, false).forEach((fn, i) => {
      hook.tap(`p${i}`, fn)
    })
    return { kind: 'sync', call: () => hook.call(payload) }
  },
  /** tapable `AsyncSeriesWaterfallHook` with promise taps. */
  'tapable-waterfall-async'(n: number): Driver {
    const hook = new AsyncSeriesWaterfallHook<[unknown]>(['message'])
    noopFunctions(n, true).forEach((fn, i) => {
      hook.tapPromise(`p${i}`, fn as (m: unknown) => Promise<unknown>)
    })
    return { kind: 'async', call: () => hook.promise(payload) }
  },
} satisfies Record<string, (n: number) => Driver | Promise<Driver>>
