import { AsyncResource } from 'node:async_hooks'
import type { BanterError } from '@banter/core'
import { sandboxError } from '../errors.js'
import { fromErrorData, toErrorData } from '../wire/error-data.js'
import { plainData } from '../wire/plain-data.js'
import type { CallBody, GuestMessage, HostMessage } from '../wire/protocol.js'
import type { GuestLink, LinkEvents } from './guest-link.js'
import { everyTick, hold } from './ticker.js'

/** A guest request as the channel hands it up. */
export interface GuestRequest {
  readonly id: number
  readonly op: string
  readonly a: unknown
}

/** What the owner of a channel does with what the guest sends. */
export interface ChannelHandlers {
  /** A context operation; answer with `channel.respond` when `id` is not 0. */
  request(request: GuestRequest): void
  /** A synchronous context operation. */
  sync(op: string, a: unknown): unknown
  /** A log line. */
  log(level: string, object: unknown, message: string): void
  /** The guest faulted: every pending call was rejected with `error`. */
  fault(error: BanterError, hadCalls: boolean): void
}

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
  readonly deadline: number
  readonly heavy: boolean
  readonly kind: string
  readonly wallMs: number | undefined
  /** The async context of the caller, so that what the guest does for this call runs in it. */
  readonly resource: AsyncResource
  readonly extra: unknown
}

const HEAVY = new Set(['start', 'probe', 'validate', 'destroy'])

const CALL_NAMES: Record<string, string> = {
  in: 'onMessageReceived',
  out: 'onMessageSent',
  ev: 'a listener',
  cmd: 'a command',
  timer: 'a timer',
  svc: 'a service call',
  start: 'initialize',
  destroy: 'destroy',
  probe: 'loading',
  validate: 'validating options',
}

/**
 * The host's end of one guest: calls into the guest (each with an id, a wall-clock deadline and the
 * caller's async context), batching of what goes out (one post per turn of the event loop), and the
 * guest's requests, answers and faults. A fault (or a call past its deadline) rejects every pending
 * call and closes the guest; the owner decides what happens next.
 */
export class HostChannel implements LinkEvents {
  readonly #pending = new Map<number, Pending>()
  #label: string
  readonly #cpuMs: number
  readonly #heavyMs: number
  #handlers: ChannelHandlers
  #link: GuestLink | undefined
  #queue: HostMessage[] = []
  #scheduled = false
  #next = 1
  #heavy = 0
  #dead: Error | undefined
  #stopTick: (() => void) | undefined
  #release: (() => void) | undefined
  readonly #flush = (): void => {
    this.#scheduled = false
    const batch = this.#queue
    this.#queue = []
    if (!this.#link || this.#dead) return
    try {
      this.#link.post(batch)
    } catch {
      for (const message of batch) this.#postOne(message)
    }
  }

  constructor(label: string, limits: { cpuMs: number; heavyMs: number }, handlers: ChannelHandlers) {
    this.#label = label
    this.#cpuMs = limits.cpuMs
    this.#heavyMs = limits.heavyMs
    this.#handlers = handlers
  }

  /** Connects the started guest. */
  attach(link: GuestLink): void {
    this.#link = link
    this.#stopTick = everyTick(() => this.#expire())
  }

  /** Hands the channel to a new owner (a guest kept warm after probing is given to the plugin). */
  setHandlers(handlers: ChannelHandlers, label: string): void {
    this.#handlers = handlers
    this.#label = label
  }

  /** Whether the guest is gone. */
  get dead(): boolean {
    return this.#dead !== undefined
  }

  /** The guest's heap in use, in bytes. */
  async heapUsed(): Promise<number | undefined> {
    if (this.#dead) return undefined
    if (this.#link?.heapUsed) return this.#link.heapUsed()
    return (await this.call({ k: 'heap' }, 5000)) as number | undefined
  }

  /** Calls into the guest; `wallMs` bounds the wait (a call past it is a fault). */
  call(body: CallBody, wallMs: number | undefined, extra?: unknown): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead)
    const id = this.#next++
    const heavy = HEAVY.has(body.k)
    return new Promise((resolve, reject) => {
      const deadline = wallMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + wallMs
      const resource = new AsyncResource('BanterSandboxCall')
      if (this.#pending.size === 0) this.#release = hold()
      this.#pending.set(id, { resolve, reject, deadline, heavy, kind: body.k, wallMs, resource, extra })
      if (heavy) this.#heavy += 1
      this.#send({ t: 'call', id, ...body } as HostMessage)
    })
  }

  /** What was attached to pending call `id` (a command's context). */
  extraOf(id: unknown): unknown {
    return typeof id === 'number' ? this.#pending.get(id)?.extra : undefined
  }

  /** Answers guest request `id`. */
  respond(id: number, result: { ok: true; v: unknown } | { ok: false; error: unknown }): void {
    if (id === 0 || this.#dead) return
    this.#send(
      result.ok
        ? { t: 'res', id, ok: true, v: result.v }
        : { t: 'res', id, ok: false, e: toErrorData(result.error) },
    )
  }

  /** Tells the guest its plugin is stopping (`ctx.signal` aborts inside). */
  abort(): void {
    this.#send({ t: 'abort' })
  }

  /** Closes the guest; pending calls reject with `SANDBOX_STOPPED`. */
  async close(): Promise<void> {
    if (!this.#dead) {
      this.#die(sandboxError('SANDBOX_STOPPED', `${this.#label} stopped`))
    }
    await this.#link?.close()
  }

  // LinkEvents

  batch(messages: readonly GuestMessage[]): void {
    for (const message of messages) {
      if (message.t === 'done') this.#done(message.id, message.ok, message.ok ? message.v : message.e)
      else if (message.t === 'req') this.#request(message.id, message.op, message.a, message.c)
      else if (message.t === 'log') this.#handlers.log(message.l, message.o, message.m)
    }
  }

  sync(op: string, a: unknown): unknown {
    return this.#handlers.sync(op, a)
  }

  fault(error: BanterError): void {
    if (this.#dead) return
    const hadCalls = this.#pending.size > 0
    this.#die(error)
    this.#handlers.fault(error, hadCalls)
  }

  budget(): number {
    return this.#heavy > 0 ? this.#heavyMs : this.#cpuMs
  }

  #done(id: number, ok: boolean, value: unknown): void {
    const pending = this.#pending.get(id)
    if (!pending) return
    this.#pending.delete(id)
    if (this.#pending.size === 0) this.#release?.()
    if (pending.heavy) this.#heavy -= 1
    if (ok) pending.resolve(value)
    else pending.reject(fromErrorData(value as never))
  }

  #request(id: number, op: string, a: unknown, cause: number): void {
    const request: GuestRequest = { id: typeof id === 'number' ? id : 0, op: String(op), a }
    const resource = this.#pending.get(cause)?.resource
    if (resource) resource.runInAsyncScope(this.#handlers.request, this.#handlers, request)
    else this.#handlers.request(request)
  }

  #send(message: HostMessage): void {
    this.#queue.push(message)
    if (!this.#scheduled) {
      this.#scheduled = true
      queueMicrotask(this.#flush)
    }
  }

  #postOne(message: HostMessage): void {
    try {
      this.#link?.post([message])
      return
    } catch {}
    try {
      if (message.t === 'call') this.#link?.post([plainData(message) as HostMessage])
      else if (message.t === 'res' && message.ok) this.#link?.post([{ ...message, v: plainData(message.v) }])
    } catch (error) {
      if (message.t === 'call') this.#done(message.id, false, toErrorData(error))
    }
  }

  #expire(): void {
    if (this.#dead || this.#pending.size === 0) return
    const now = performance.now()
    for (const pending of this.#pending.values()) {
      if (pending.deadline <= now) {
        const what = CALL_NAMES[pending.kind] ?? pending.kind
        this.fault(
          sandboxError(
            'SANDBOX_TIMEOUT',
            `${this.#label}: ${what} did not answer within ${pending.wallMs} ms; its guest was stopped`,
            { details: { call: pending.kind, timeoutMs: pending.wallMs } },
          ),
        )
        return
      }
    }
  }

  #die(error: Error): void {
    this.#dead = error
    this.#stopTick?.()
    this.#queue = []
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    this.#release?.()
    this.#heavy = 0
    for (const p of pending) p.reject(error)
    void this.#link?.close()
  }
}
