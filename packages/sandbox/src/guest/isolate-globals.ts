/**
 * The first module of an isolate guest's script, evaluated before the plugin: it takes the two host
 * callbacks off `globalThis` (the plugin never sees them) and installs what plugins commonly expect
 * and V8 alone lacks: `console` (to the plugin's logger), `setTimeout` and friends (host timers on
 * the bot's clock, available once the plugin starts), `queueMicrotask`, `TextEncoder`, `TextDecoder`, `AbortController`.
 * Nothing else: no `process`, no `require`, no `fetch` (use `ctx.fetch`), no `performance`.
 */
import type { ErrorData, GuestMessage } from '../wire/protocol.js'
import { AbortControllerShim, AbortSignalShim } from './abort-shim.js'
import type { GuestTimers } from './guest-timers.js'
import { decodeUtf8, encodeUtf8 } from './utf8.js'

interface HostCallbacks {
  post(batch: GuestMessage[]): void
  sync(op: string, a: unknown): { ok: true; v: unknown } | { ok: false; e: ErrorData }
}

const scope = globalThis as unknown as Record<string, unknown>
/** The host's callbacks. */
export const host: HostCallbacks = {
  post: scope.__banterPost as HostCallbacks['post'],
  sync: scope.__banterSync as HostCallbacks['sync'],
}
delete scope.__banterPost
delete scope.__banterSync

/** The running plugin's timers, once it started (the isolate entry sets `get`). */
export const globalTimers: { get: () => GuestTimers | undefined } = { get: () => undefined }

function timers(): GuestTimers {
  const current = globalTimers.get()
  if (!current) throw new Error('timers are available once the plugin starts (use ctx.timers in initialize)')
  return current
}

const handles = new Map<number, () => void>()
let nextHandle = 1
function schedule(fn: unknown, ms: unknown, args: unknown[], repeat: boolean): number {
  if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval need a function in a sandbox')
  const id = nextHandle++
  const call = () => {
    if (!repeat) handles.delete(id)
    return (fn as (...a: unknown[]) => unknown)(...args)
  }
  const t = timers()
  handles.set(id, repeat ? t.setInterval(call, Number(ms) || 0) : t.setTimeout(call, Number(ms) || 0))
  return id
}
function cancel(id: unknown): void {
  const dispose = handles.get(id as number)
  handles.delete(id as number)
  dispose?.()
}

const log =
  (level: string) =>
  (...parts: unknown[]) =>
    host.post([
      {
        t: 'log',
        l: level,
        o: { console: true },
        m: parts.map((p) => (typeof p === 'string' ? p : safeJson(p))).join(' '),
      },
    ])

function safeJson(value: unknown): string {
  try {
    return value instanceof Error
      ? `${value.name}: ${value.message}`
      : (JSON.stringify(value) ?? String(value))
  } catch {
    return String(value)
  }
}

class TextEncoderShim {
  readonly encoding = 'utf-8'
  encode(text = ''): Uint8Array {
    return encodeUtf8(text)
  }
}

class TextDecoderShim {
  readonly encoding = 'utf-8'
  decode(bytes?: ArrayBuffer | ArrayBufferView): string {
    if (!bytes) return ''
    const view = ArrayBuffer.isView(bytes)
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : new Uint8Array(bytes)
    return decodeUtf8(view)
  }
}

Object.assign(scope, {
  console: {
    log: log('info'),
    info: log('info'),
    debug: log('debug'),
    trace: log('trace'),
    warn: log('warn'),
    error: log('error'),
  },
  setTimeout: (fn: unknown, ms?: unknown, ...args: unknown[]) => schedule(fn, ms, args, false),
  setInterval: (fn: unknown, ms?: unknown, ...args: unknown[]) => schedule(fn, ms, args, true),
  clearTimeout: cancel,
  clearInterval: cancel,
  queueMicrotask: (fn: () => void) => {
    Promise.resolve().then(fn)
  },
  TextEncoder: TextEncoderShim,
  TextDecoder: TextDecoderShim,
  AbortController: AbortControllerShim,
  AbortSignal: AbortSignalShim,
})
