import type {
  BanterError,
  ChatMessage,
  InboundResult,
  OutboundResult,
  OutgoingMessage,
  PluginContext,
  PluginTimeouts,
} from '@banter/core'
import { sandboxError } from '../errors.js'
import type { ResolvedSettings } from '../settings.js'
import { plainData } from '../wire/plain-data.js'
import type { CallBody, HookFlags, InboundWire, StartInfo } from '../wire/protocol.js'
import type { BridgeEnv, GuestCaller } from './bridge-ops.js'
import { decodeInbound, encodePayload } from './encode.js'
import { type Carried, Generation } from './generation.js'
import type { GuestProgram } from './guest-program.js'
import type { ChannelHandlers, HostChannel } from './host-channel.js'
import { routeLog, routeRequest, routeSync } from './route-request.js'
import { type GuestUsage, type Measurable, track } from './usage.js'

const FAULTS = new Set(['SANDBOX_TIMEOUT', 'SANDBOX_MEMORY', 'SANDBOX_CRASHED'])

/** Limits of one sandboxed plugin instance. */
export interface SandboxLimits {
  readonly settings: ResolvedSettings
  readonly timeouts: PluginTimeouts
  /** The plugin's hook timeout (its manifest's, or the bot's). */
  readonly hookMs: number
  /** Event names the manifest declares in `emits`. */
  readonly emits: readonly string[]
}

/** A wall-clock limit a little under `ms`, so that the sandbox ends a stuck call before core gives up on it. */
function under(ms: number): number {
  return Math.max(1, ms - Math.min(100, Math.floor(ms / 10)))
}

/**
 * The host side of one running sandboxed plugin: it starts the guest, forwards the hooks, listeners,
 * commands, timers and service calls the guest declared, performs what the guest asks through the
 * plugin's real context, and restarts the guest after a fault (the faulting calls reject, so core's
 * guard reports them and counts them toward the circuit breaker).
 */
export class PluginSandbox implements GuestCaller, Measurable {
  readonly #program: GuestProgram
  readonly #key: string
  readonly #ctx: PluginContext
  readonly #limits: SandboxLimits
  readonly #label: string
  #gen: Generation | undefined
  #next: Promise<Generation> | undefined
  #broken: Error | undefined
  #stopped = false
  #untrack: (() => void) | undefined

  constructor(program: GuestProgram, key: string, ctx: PluginContext, limits: SandboxLimits) {
    this.#program = program
    this.#key = key
    this.#ctx = ctx
    this.#limits = limits
    this.#label = `plugin "${ctx.name}"`
    ctx.signal.addEventListener('abort', () => this.#gen?.channel.abort(), { once: true })
  }

  /** Starts the guest and the plugin in it; resolves to the hooks it has. */
  async start(): Promise<HookFlags> {
    const { gen, hooks } = await this.#spawn()
    this.#gen = gen
    this.#untrack = track(this)
    return hooks
  }

  /** `onMessageReceived`, forwarded. */
  inbound(message: ChatMessage): Promise<InboundResult> {
    return this.#with((gen) =>
      gen.channel
        .call({ k: 'in', m: gen.refs.encode(message) }, under(this.#limits.hookMs))
        .then((wire) => decodeInbound(wire as InboundWire, message, gen)),
    )
  }

  /** `onMessageSent`, forwarded. */
  outbound(message: OutgoingMessage): Promise<OutboundResult> {
    return this.#with((gen) =>
      gen.channel.call({ k: 'out', m: plainData(message) }, under(this.#limits.hookMs)).then((wire) => {
        const w = wire as InboundWire
        return 'm' in w ? (plainData(w.m) as OutgoingMessage) : undefined
      }),
    )
  }

  /** `run(signal)`, forwarded; after a fault it runs again in the restarted guest. */
  async run(signal: AbortSignal): Promise<void> {
    for (;;) {
      const gen = await this.#current()
      try {
        await gen.channel.call({ k: 'run' }, undefined)
        return
      } catch (error) {
        if (signal.aborted || this.#stopped || !FAULTS.has((error as BanterError).code)) throw error
      }
    }
  }

  /** Stops the plugin in its guest (`destroy`), then the guest. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#untrack?.()
    // A guest still restarting is closed as soon as it has started (see #fault); nothing to wait for.
    const gen = this.#gen
    this.#gen = undefined
    if (!gen) return
    try {
      await gen.channel.call({ k: 'destroy' }, under(this.#limits.timeouts.destroyMs))
    } finally {
      gen.dispose(sandboxError('SANDBOX_STOPPED', `${this.#label} stopped`), this.#ctx.logger)
      await gen.channel.close()
    }
  }

  /** The heap the guest uses now, in bytes. */
  async heapUsed(): Promise<number | undefined> {
    return this.#gen?.channel.heapUsed()
  }

  /** What the guest uses (for {@link sandboxUsage}). */
  async usage(): Promise<GuestUsage> {
    const { isolation, memoryMb } = this.#limits.settings
    return {
      plugin: this.#ctx.name,
      isolation,
      memoryMb,
      heapBytes: await this.heapUsed().catch(() => undefined),
    }
  }

  // GuestCaller: calls that host-side registrations make into the guest.

  event(name: string, payload: unknown): Promise<unknown> {
    return this.#call((gen) => ({ k: 'ev', n: name, p: encodePayload(gen, payload) }), this.#limits.hookMs)
  }

  command(name: string, context: unknown, timeoutMs: number | undefined): Promise<unknown> {
    const c = context as { message: ChatMessage; args: unknown; raw: string; invokedAs: string }
    return this.#with((gen) =>
      gen.channel.call(
        {
          k: 'cmd',
          n: name,
          m: gen.refs.encode(c.message),
          a: plainData(c.args) as never,
          raw: c.raw,
          as: c.invokedAs,
        },
        under(timeoutMs ?? this.#limits.hookMs),
        context,
      ),
    )
  }

  timer(tid: number): Promise<unknown> {
    return this.#call(() => ({ k: 'timer', tid }), this.#limits.hookMs)
  }

  service(name: string, fn: string, args: unknown[]): Promise<unknown> {
    return this.#call(() => ({ k: 'svc', n: name, fn, a: args }), this.#limits.hookMs)
  }

  #call(body: (gen: Generation) => CallBody, ms: number): Promise<unknown> {
    return this.#with((gen) => gen.channel.call(body(gen), under(ms)))
  }

  #with<Result>(run: (gen: Generation) => Promise<Result>): Promise<Result> {
    const gen = this.#gen
    if (gen) return run(gen)
    return this.#current().then(run)
  }

  #current(): Promise<Generation> {
    if (this.#gen) return Promise.resolve(this.#gen)
    if (this.#next) return this.#next
    return Promise.reject(this.#broken ?? sandboxError('SANDBOX_STOPPED', `${this.#label} is not running`))
  }

  async #spawn(carried?: Carried): Promise<{ gen: Generation; hooks: HookFlags }> {
    const holder: { gen?: Generation } = {}
    const handlers: ChannelHandlers = {
      request: (request) => routeRequest(this.#env(holder.gen as Generation), request, this.#label),
      sync: (op, a) => routeSync(this.#env(holder.gen as Generation), op, a, this.#label),
      log: (level, object, message) => routeLog(this.#ctx.logger, level, object, message),
      fault: (error, hadCalls) => this.#fault(holder.gen as Generation, error, hadCalls),
    }
    let channel: HostChannel
    try {
      channel = await this.#program.open(handlers, this.#label)
    } catch (error) {
      if (carried) for (const map of Object.values(carried)) for (const dispose of map.values()) dispose()
      throw error
    }
    const gen = new Generation(channel, carried)
    holder.gen = gen
    try {
      const hooks = await channel.call(
        { k: 'start', info: this.#startInfo() },
        under(this.#limits.timeouts.initializeMs),
      )
      gen.settle(this.#ctx.logger)
      return { gen, hooks: hooks as HookFlags }
    } catch (error) {
      gen.dispose(error as Error, this.#ctx.logger)
      await channel.close()
      throw error
    }
  }

  #startInfo(): StartInfo {
    const ctx = this.#ctx
    return {
      key: this.#key,
      name: ctx.name,
      config: plainData(ctx.config),
      permissions: ctx.permissions.list(),
      bot: { ...ctx.bot },
      logLevel: ctx.logger.level,
    }
  }

  #env(gen: Generation): BridgeEnv {
    return {
      ctx: this.#ctx,
      gen,
      network: this.#limits.settings.network,
      maxFetchBytes: this.#maxFetchBytes(),
      emits: this.#limits.emits,
      guest: this,
    }
  }

  #maxFetchBytes(): number {
    return Math.max(1, Math.floor(this.#limits.settings.memoryMb / 4)) * 1024 * 1024
  }

  #fault(gen: Generation, error: BanterError, hadCalls: boolean): void {
    if (gen !== this.#gen || this.#stopped) return
    const carried = gen.retire(error, this.#ctx.logger)
    this.#gen = undefined
    // A fault during a call reaches core through that call's rejection; one between calls is reported here.
    if (!hadCalls) void this.#ctx.background(Promise.reject(error), 'sandbox')
    this.#ctx.logger.warn({ code: error.code }, `${error.summary}; starting a new guest`)
    const started = performance.now()
    const next = this.#spawn(carried).then(
      ({ gen: fresh }) => {
        if (this.#stopped) {
          fresh.dispose(sandboxError('SANDBOX_STOPPED', `${this.#label} stopped`), this.#ctx.logger)
          void fresh.channel.close()
          throw sandboxError('SANDBOX_STOPPED', `${this.#label} stopped`)
        }
        this.#gen = fresh
        this.#next = undefined
        const ms = Math.round(performance.now() - started)
        this.#ctx.logger.info({ restartMs: ms }, `${this.#label}: a new guest took over after ${ms} ms`)
        return fresh
      },
      (cause: unknown) => {
        this.#next = undefined
        this.#broken = sandboxError(
          'SANDBOX_CRASHED',
          `${this.#label} could not be restarted after a fault: ${(cause as Error).message}`,
          {
            cause,
          },
        )
        // A plugin stopped while its guest restarted has nothing left to report.
        if (!this.#stopped) void this.#ctx.background(Promise.reject(this.#broken), 'sandbox')
        throw this.#broken
      },
    )
    next.catch(() => undefined)
    this.#next = next
  }
}
