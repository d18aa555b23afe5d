/**
 * The main module of a worker guest (bundled by the host, started as a `data:` URL): it imports the
 * plugin module (through tsx for TypeScript), beats a heartbeat the host watches, and serves the
 * host's calls. Node's APIs are all here; the worker is a resource boundary, not a capability one.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { getHeapStatistics } from 'node:v8'
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../wire/error-data.js'
import {
  type ErrorData,
  FLAG_HEARTBEAT,
  FLAG_SYNC,
  type GuestMessage,
  type HostMessage,
  type WorkerGuestData,
} from '../wire/protocol.js'
import type { CauseTracker, GuestPort } from './guest-channel.js'
import { GuestRuntime } from './guest-runtime.js'

const SYNC_TIMEOUT_MS = 30_000
const data = workerData as WorkerGuestData
const parent = parentPort as NonNullable<typeof parentPort>
const flags = new Int32Array(data.flags)
setInterval(() => Atomics.add(flags, FLAG_HEARTBEAT, 1), data.heartbeatMs).unref()

const cause = new AsyncLocalStorage<number>()
const causes: CauseTracker = {
  current: () => cause.getStore() ?? 0,
  run: (id, fn) => cause.run(id, fn),
}

const port: GuestPort = {
  post: (batch: GuestMessage[]) => parent.postMessage(batch),
  sync(op, a) {
    Atomics.store(flags, FLAG_SYNC, 0)
    data.syncPort.postMessage({ op, a })
    if (Atomics.wait(flags, FLAG_SYNC, 0, SYNC_TIMEOUT_MS) === 'timed-out') {
      return {
        ok: false,
        e: { name: 'Error', message: `the host did not answer ${op} within ${SYNC_TIMEOUT_MS} ms` },
      }
    }
    const answer = receiveMessageOnPort(data.syncPort)?.message as
      | { ok: true; v: unknown }
      | { ok: false; e: ErrorData }
      | undefined
    return answer ?? { ok: false, e: { name: 'Error', message: `no answer to ${op}` } }
  },
}

async function load(): Promise<Record<string, unknown>> {
  if (data.tsxUrl) {
    const { tsImport } = (await import(data.tsxUrl)) as {
      tsImport(url: string, parent: string): Promise<Record<string, unknown>>
    }
    return tsImport(data.moduleUrl, data.moduleUrl)
  }
  return (await import(data.moduleUrl)) as Record<string, unknown>
}

try {
  const heap = () => getHeapStatistics().used_heap_size
  const runtime = new GuestRuntime(await load(), data.fileName, port, causes, heap)
  parent.on('message', (batch: HostMessage[]) => runtime.receive(batch))
  parent.postMessage([{ t: 'ready' }])
} catch (error) {
  parent.postMessage([{ t: 'fatal', e: toErrorData(error) }])
}
