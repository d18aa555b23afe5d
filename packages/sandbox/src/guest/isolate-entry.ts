/**
 * The last module of an isolate guest's script: it starts the guest runtime over the host callbacks
 * that `isolate-globals` took, and exposes the one function the host calls, `__banterDispatch`.
 */
import { simpleTracker } from './guest-channel.js'
import { GuestRuntime } from './guest-runtime.js'
import { globalTimers, host } from './isolate-globals.js'

/** Starts the guest for `module` (called by the bundle's entry, after the plugin module evaluated). */
export function startIsolateGuest(module: Record<string, unknown>, fileName: string): void {
  const runtime = new GuestRuntime(module, fileName, host, simpleTracker())
  globalTimers.get = () => runtime.timers
  Object.defineProperty(globalThis, '__banterDispatch', {
    value: (batch: Parameters<GuestRuntime['receive']>[0]) => {
      runtime.receive(batch)
      // What the batch produced synchronously (the answer of a synchronous hook) rides back as the
      // result; what comes later (after an await) is posted.
      const out = runtime.channel.take()
      return out.length === 0 ? undefined : out
    },
    enumerable: false,
  })
}
