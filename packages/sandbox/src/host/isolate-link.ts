import type { BanterError } from '@banter/core'
import type ivmTypes from 'isolated-vm'
import { sandboxError } from '../errors.js'
import { toErrorData } from '../wire/error-data.js'
import { plainData } from '../wire/plain-data.js'
import type { GuestMessage, HostMessage } from '../wire/protocol.js'
import type { GuestLink, LinkEvents, LinkOptions } from './guest-link.js'
import { assertNodeFlags } from './node-flags.js'
import { hold } from './ticker.js'

type Ivm = typeof ivmTypes

/** At most this many messages go into the isolate in one call (each brings its own CPU budget). */
const CHUNK = 16

let loaded: Promise<Ivm> | undefined
function isolatedVm(): Promise<Ivm> {
  loaded ??= import('isolated-vm').then((m) => (m as { default?: Ivm }).default ?? (m as unknown as Ivm))
  return loaded
}

function budgetOf(message: HostMessage, options: LinkOptions): number {
  if (message.t !== 'call') return options.settings.cpuMs
  if (message.k === 'start' || message.k === 'probe' || message.k === 'validate')
    return options.timeouts.initializeMs
  if (message.k === 'destroy') return options.timeouts.destroyMs
  return options.settings.cpuMs
}

function classify(error: unknown, label: string, budgetMs: number, isolate: ivmTypes.Isolate): BanterError {
  const message = (error as Error)?.message ?? String(error)
  if (/memory limit/i.test(message)) {
    return sandboxError(
      'SANDBOX_MEMORY',
      `${label} used more than its memory limit; its isolate was disposed`,
      { cause: error },
    )
  }
  if (/timed out/i.test(message)) {
    return sandboxError(
      'SANDBOX_TIMEOUT',
      `${label} ran longer than its CPU budget of ${budgetMs} ms and was stopped`,
      {
        cause: error,
        details: { budgetMs },
      },
    )
  }
  if (isolate.isDisposed) {
    return sandboxError('SANDBOX_CRASHED', `${label}'s isolate was disposed: ${message}`, { cause: error })
  }
  return sandboxError('SANDBOX_CRASHED', `${label} failed in its isolate: ${message}`, { cause: error })
}

/**
 * Starts an isolate guest: a V8 isolate (isolated-vm) with `memoryLimit`, no Node APIs, and two host
 * callbacks (post a batch; ask synchronously). The bundled script runs under the initialize budget;
 * each later delivery runs under the CPU budget of the calls in it. Deliveries run on isolated-vm's
 * thread pool, one at a time: while one runs, new messages queue and go together in the next.
 */
export async function startIsolate(
  code: string,
  options: LinkOptions,
  events: LinkEvents,
): Promise<GuestLink> {
  assertNodeFlags()
  const ivm = await isolatedVm()
  const { label } = options
  let closed = false
  let faulted: ((error: BanterError) => void) | undefined
  const isolate = new ivm.Isolate({
    memoryLimit: options.settings.memoryMb,
    onCatastrophicError: (message: string) => {
      faulted?.(sandboxError('SANDBOX_CRASHED', `${label}'s isolate failed beyond repair: ${message}`))
    },
  })
  const close = async () => {
    if (closed) return
    closed = true
    if (!isolate.isDisposed) isolate.dispose()
  }
  const release = hold()
  try {
    const context = await isolate.createContext()
    const jail = context.global
    const post = new ivm.Callback(
      (batch: GuestMessage[]) => {
        if (!closed) events.batch(batch)
      },
      { ignored: true },
    )
    const sync = new ivm.Callback((op: string, a: unknown) => {
      try {
        return { ok: true, v: plainData(events.sync(op, a)) }
      } catch (error) {
        return { ok: false, e: toErrorData(error) }
      }
    })
    await jail.set('__banterPost', post)
    await jail.set('__banterSync', sync)
    const script = await isolate.compileScript(code, { filename: `banter-sandbox:${label}` })
    try {
      await script.run(context, { timeout: options.timeouts.initializeMs })
    } catch (error) {
      const fault = classify(error, label, options.timeouts.initializeMs, isolate)
      throw fault.code === 'SANDBOX_CRASHED'
        ? sandboxError(
            'SANDBOX_LOAD_FAILED',
            `${label} failed while loading in its isolate: ${(error as Error).message}`,
            {
              cause: error,
            },
          )
        : fault
    }
    const dispatch = (await jail.get('__banterDispatch', { reference: true })) as ivmTypes.Reference<
      (batch: HostMessage[]) => GuestMessage[] | undefined
    >
    let queue: HostMessage[] = []
    let busy = false
    const fault = (error: BanterError) => {
      if (closed) return
      void close()
      events.fault(error)
    }
    faulted = fault
    const deliver = () => {
      if (busy || closed || queue.length === 0) return
      const batch = queue.length > CHUNK ? queue.slice(0, CHUNK) : queue
      queue = queue.length > CHUNK ? queue.slice(CHUNK) : []
      const budget = batch.reduce((sum, m) => sum + budgetOf(m, options), 0)
      busy = true
      dispatch
        .apply(undefined, [batch], { arguments: { copy: true }, result: { copy: true }, timeout: budget })
        .then(
          (out) => {
            busy = false
            if (out && !closed) events.batch(out as GuestMessage[])
            deliver()
          },
          (error: unknown) => {
            busy = false
            fault(classify(error, label, budget, isolate))
          },
        )
    }
    return {
      post: (batch) => {
        if (closed) return
        for (const message of batch) queue.push(message)
        deliver()
      },
      close,
      heapUsed: async () => {
        if (closed) return undefined
        const stats = await isolate.getHeapStatistics()
        return stats.used_heap_size + stats.externally_allocated_size
      },
    }
  } catch (error) {
    await close()
    if ((error as BanterError).code?.startsWith?.('SANDBOX_')) throw error
    throw classify(error, label, options.timeouts.initializeMs, isolate)
  } finally {
    release()
  }
}
