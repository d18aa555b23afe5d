import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MessageChannel, Worker } from 'node:worker_threads'
import type { BanterError } from '@banter/core'
import { moduleResolve } from 'import-meta-resolve'
import { sandboxError } from '../errors.js'
import { fromErrorData, toErrorData } from '../wire/error-data.js'
import { plainData } from '../wire/plain-data.js'
import { FLAG_HEARTBEAT, FLAG_SYNC, type GuestMessage, type WorkerGuestData } from '../wire/protocol.js'
import { workerEntryUrl } from './bundle.js'
import type { GuestLink, LinkEvents, LinkOptions } from './guest-link.js'
import { FROM_SOURCE } from './resolve-source.js'
import { everyTick, hold, TICK_MS } from './ticker.js'

const TS_FILE = /\.[mc]?ts$/

function tsxApi(): string {
  return moduleResolve('tsx/esm/api', new URL(import.meta.url), new Set(['node', 'import', 'default'])).href
}

/**
 * Starts a worker guest for `file` and resolves once the module is loaded. The worker has
 * `resourceLimits` from `memoryMb` and an empty environment; its heartbeat is watched on the shared
 * tick, and a worker whose event loop stays busy longer than its budget is terminated
 * (`SANDBOX_TIMEOUT`). Running out of heap is `SANDBOX_MEMORY`, any other death `SANDBOX_CRASHED`.
 */
export async function startWorker(
  file: string,
  options: LinkOptions,
  events: LinkEvents,
): Promise<Omit<GuestLink, 'heapUsed'>> {
  const { label, settings } = options
  const flags = new Int32Array(new SharedArrayBuffer(8))
  const { port1, port2 } = new MessageChannel()
  const heartbeatMs = Math.max(5, Math.min(50, Math.floor(settings.cpuMs / 4)))
  const data: WorkerGuestData = {
    moduleUrl: pathToFileURL(file).href,
    tsxUrl: TS_FILE.test(file) ? tsxApi() : undefined,
    fileName: basename(file),
    flags: flags.buffer as SharedArrayBuffer,
    syncPort: port2,
    heartbeatMs,
  }
  const worker = new Worker(await workerEntryUrl(), {
    workerData: data,
    transferList: [port2],
    resourceLimits: {
      maxOldGenerationSizeMb: settings.memoryMb,
      maxYoungGenerationSizeMb: Math.max(1, Math.min(16, Math.floor(settings.memoryMb / 8))),
    },
    execArgv: FROM_SOURCE ? ['--conditions=@banter/source'] : [],
    env: process.env.NODE_ENV ? { NODE_ENV: process.env.NODE_ENV } : {},
    name: `banter-sandbox:${label}`,
  })
  let closed = false
  let ready = false
  let stopTick: (() => void) | undefined
  let readyResolve!: () => void
  let readyReject!: (error: Error) => void
  const started = new Promise<void>((resolve, reject) => {
    readyResolve = resolve
    readyReject = reject
  })
  const close = async () => {
    if (closed) return
    closed = true
    stopTick?.()
    port1.close()
    await worker.terminate()
  }
  const fault = (error: BanterError) => {
    if (closed) return
    void close()
    if (ready) events.fault(error)
    else readyReject(error)
  }

  port1.on('message', ({ op, a }: { op: string; a: unknown }) => {
    let answer: unknown
    try {
      answer = { ok: true, v: events.sync(op, a) }
    } catch (error) {
      answer = { ok: false, e: toErrorData(error) }
    }
    try {
      port1.postMessage(answer)
    } catch {
      port1.postMessage({ ok: true, v: plainData((answer as { v: unknown }).v) })
    }
    Atomics.store(flags, FLAG_SYNC, 1)
    Atomics.notify(flags, FLAG_SYNC)
  })
  port1.unref()

  worker.on('message', (batch: GuestMessage[]) => {
    if (!ready) {
      const first = batch[0]
      if (first?.t === 'ready') {
        ready = true
        readyResolve()
      } else if (first?.t === 'fatal') {
        fault(
          sandboxError(
            'SANDBOX_LOAD_FAILED',
            `${label} failed while loading in its worker: ${fromErrorData(first.e).message}`,
            { cause: fromErrorData(first.e) },
          ),
        )
      }
      return
    }
    events.batch(batch)
  })
  worker.on('error', (error: Error & { code?: string }) => {
    fault(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? sandboxError(
            'SANDBOX_MEMORY',
            `${label} ran out of memory (memoryMb ${settings.memoryMb}); its worker was stopped`,
            { cause: error },
          )
        : sandboxError('SANDBOX_CRASHED', `${label} crashed its worker: ${error.message}`, { cause: error }),
    )
  })
  worker.on('exit', (code) => {
    fault(sandboxError('SANDBOX_CRASHED', `${label}'s worker exited (code ${code})`))
  })
  worker.unref()

  // The heartbeat: a worker whose counter has not moved for longer than its budget is stuck.
  let beat = Atomics.load(flags, FLAG_HEARTBEAT)
  let beatAt = performance.now()
  stopTick = everyTick(() => {
    const now = performance.now()
    const current = Atomics.load(flags, FLAG_HEARTBEAT)
    if (current !== beat) {
      beat = current
      beatAt = now
      return
    }
    const budget = ready ? events.budget() : options.timeouts.initializeMs
    if (now - beatAt > budget + heartbeatMs + TICK_MS) {
      fault(
        sandboxError(
          'SANDBOX_TIMEOUT',
          `${label} kept its worker busy for more than ${budget} ms; the worker was stopped`,
          {
            details: { budgetMs: budget },
          },
        ),
      )
    }
  })

  const release = hold()
  try {
    await started
  } finally {
    release()
  }
  return {
    post: (batch) => {
      if (!closed) worker.postMessage(batch)
    },
    close,
  }
}
