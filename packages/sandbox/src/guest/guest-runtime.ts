import { BanterError, STOP } from '@banter/core/guest'
import { plainData } from '../wire/plain-data.js'
import type { CallBody, HookFlags, HostMessage, InboundWire, StartInfo } from '../wire/protocol.js'
import { isThenable } from '../wire/thenable.js'
import { describe, findPlugins, type GuestInstance, type GuestPlugin } from './find-plugins.js'
import { type CauseTracker, GuestChannel, type GuestPort } from './guest-channel.js'
import { GuestCommands } from './guest-commands.js'
import { createGuestContext } from './guest-context.js'
import { GuestEvents, type PayloadWire } from './guest-events.js'
import { GuestMessages } from './guest-messages.js'
import { GuestServices } from './guest-services.js'
import { GuestTimers } from './guest-timers.js'

const SAME: InboundWire = { same: 1 }
const STOPPED: InboundWire = { stop: 1 }

interface Running {
  readonly instance: GuestInstance
  readonly timers: GuestTimers
  readonly abort: AbortController
  readonly disposers: (() => unknown)[]
}

/**
 * The guest side of a sandboxed plugin, the same in a worker and in an isolate: it finds the plugins
 * the module exports, validates options, starts one instance with a context that talks to the host,
 * and answers the host's calls (hooks, listeners, commands, timers, service calls).
 */
export class GuestRuntime {
  readonly #plugins: GuestPlugin[]
  readonly #channel: GuestChannel
  readonly #messages: GuestMessages
  readonly #events: GuestEvents
  readonly #services: GuestServices
  #commands: GuestCommands | undefined
  #running: Running | undefined
  #prefix = '!'

  readonly #heap: (() => number) | undefined

  constructor(
    module: Record<string, unknown>,
    fileName: string,
    port: GuestPort,
    causes: CauseTracker,
    heap?: () => number,
  ) {
    this.#heap = heap
    this.#plugins = findPlugins(module, fileName)
    this.#channel = new GuestChannel(port, causes)
    const request = (op: string, a: unknown) => this.#channel.request(op, a)
    this.#messages = new GuestMessages(request)
    this.#events = new GuestEvents(this.#channel, this.#messages)
    this.#services = new GuestServices(this.#channel)
  }

  /** The timers of the running plugin (the isolate's global `setTimeout` uses them). */
  get timers(): GuestTimers | undefined {
    return this.#running?.timers
  }

  /** The channel (for the isolate's `console`). */
  get channel(): GuestChannel {
    return this.#channel
  }

  /** Takes a batch from the host. */
  receive(batch: readonly HostMessage[]): void {
    for (const message of batch) {
      if (message.t === 'call') this.#call(message.id, message)
      else if (message.t === 'res') {
        this.#channel.answer(
          message.id,
          message.ok,
          message.ok ? message.v : undefined,
          message.ok ? undefined : message.e,
        )
      } else if (message.t === 'abort') {
        const running = this.#running
        if (running && !running.abort.signal.aborted) {
          running.abort.abort(new BanterError('PLUGIN_NOT_LOADED', 'the plugin is stopping'))
        }
      }
    }
  }

  #call(id: number, body: CallBody): void {
    let result: unknown
    try {
      result = this.#channel.causes.run(id, () => this.#dispatch(id, body))
    } catch (error) {
      this.#channel.done(id, { ok: false, error })
      return
    }
    if (isThenable(result)) {
      result.then(
        (v) => this.#channel.done(id, { ok: true, v }),
        (error: unknown) => this.#channel.done(id, { ok: false, error }),
      )
    } else this.#channel.done(id, { ok: true, v: result })
  }

  #dispatch(id: number, body: CallBody): unknown {
    switch (body.k) {
      case 'in': {
        const instance = this.#require()
        const message = this.#messages.take(body.m)
        return settle(instance.onMessageReceived?.(message), (r) => inbound(r, message))
      }
      case 'out': {
        const message = body.m
        return settle(this.#require().onMessageSent?.(message), (r) =>
          r === undefined || r === message ? SAME : { m: plainData(r) },
        )
      }
      case 'ev':
        return this.#events.dispatch(body.n, body.p as PayloadWire)
      case 'cmd':
        return this.#commands?.run(id, body)
      case 'timer':
        return this.#running?.timers.fire(body.tid)
      case 'svc':
        return this.#services.call(body.n, body.fn, body.a)
      case 'run': {
        const running = this.#running
        return running?.instance.run?.(running.abort.signal)
      }
      case 'destroy':
        return this.#destroy()
      case 'start':
        return this.#start(body.info)
      case 'probe':
        return describe(this.#plugins)
      case 'validate':
        return this.#validate(body.key, body.options)
      case 'heap':
        return this.#heap?.()
    }
  }

  #require(): GuestInstance {
    if (!this.#running) throw new BanterError('PLUGIN_NOT_LOADED', 'the plugin has not started in this guest')
    return this.#running.instance
  }

  #plugin(key: string): GuestPlugin {
    const plugin = this.#plugins.find((p) => p.key === key)
    if (!plugin) throw new Error(`the module no longer exports a plugin as "${key}"`)
    return plugin
  }

  async #validate(key: string, options: unknown): Promise<unknown> {
    const schema = this.#plugin(key).configSchema
    if (!schema) return { value: options ?? {} }
    const result = await schema['~standard'].validate(options ?? {})
    if (result.issues === undefined) return { value: plainData(result.value) }
    return {
      issues: result.issues.map((issue) => ({
        message: issue.message,
        path: (issue.path ?? []).map((s) => (typeof s === 'object' && s !== null ? s.key : s)),
      })),
    }
  }

  async #start(info: StartInfo): Promise<HookFlags> {
    if (this.#running) throw new Error('the plugin already started in this guest')
    const plugin = this.#plugin(info.key)
    this.#prefix = info.bot.prefix
    const abort = new AbortController()
    const timers = new GuestTimers(this.#channel)
    const commands = new GuestCommands(this.#channel, this.#messages, () => this.#prefix)
    this.#commands = commands
    const disposers: (() => unknown)[] = []
    const parts = {
      channel: this.#channel,
      messages: this.#messages,
      events: this.#events,
      commands,
      services: this.#services,
      timers,
      signal: abort.signal,
      disposers,
    }
    const ctx = createGuestContext(info, parts, () => this.#running?.abort === abort)
    const instance = plugin.create()
    this.#running = { instance, timers, abort, disposers }
    if (typeof instance.attach === 'function') instance.attach(ctx)
    else (instance as { ctx?: unknown }).ctx = ctx
    await instance.initialize(ctx)
    return {
      received: typeof instance.onMessageReceived === 'function',
      sent: typeof instance.onMessageSent === 'function',
      run: typeof instance.run === 'function',
    }
  }

  async #destroy(): Promise<void> {
    const running = this.#running
    if (!running) return
    if (!running.abort.signal.aborted) running.abort.abort(new BanterError('PLUGIN_NOT_LOADED', 'stopping'))
    try {
      await running.instance.destroy?.()
    } finally {
      for (const dispose of running.disposers.reverse()) await dispose()
      running.timers.clearAll()
      this.#running = undefined
    }
  }
}

function inbound(result: unknown, message: unknown): InboundWire {
  if (result === undefined || result === message) return SAME
  if (result === STOP) return STOPPED
  return { m: plainData(result) }
}

function settle(value: unknown, map: (value: unknown) => unknown): unknown {
  return isThenable(value) ? Promise.resolve(value).then(map) : map(value)
}
