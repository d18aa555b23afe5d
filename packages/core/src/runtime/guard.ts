import { performance } from 'node:perf_hooks'
import { BanterError, toError } from '../errors/banter-error.js'
import type { HandlerSlot, SlotSource } from './handler-slot.js'
import type { PluginStats } from './plugin-stats.js'
import type { Expirable, Watchdog } from './watchdog.js'

/** Returned by {@link Guard.call} when the call threw, rejected or timed out (already reported). */
export const FAILED: unique symbol = Symbol('banter.failed') as never

/** The type of {@link FAILED}. */
export type Failed = typeof FAILED

/** Whoever owns guarded code: a plugin, or the bot itself for its own listeners. */
export interface GuardedOwner {
  /** Name for logs and errors. */
  readonly name: string
  /** Counters the guard updates. */
  readonly stats: PluginStats
  /** How long an asynchronous call may take before it is abandoned. */
  readonly timeoutMs: number
  /** Called once per failed call, after the counters were updated. */
  onFailure(hook: string, error: Error, timedOut: boolean, slot: HandlerSlot | undefined): void
}

/** Whether `value` is a promise or another thenable (a plugin may return either). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
  )
}

/**
 * Calls into plugin code with isolation: a throw or rejection is caught, counted and reported; an
 * asynchronous call that outlives its timeout is abandoned (its late result is ignored) and the caller
 * goes on. Synchronous results are returned synchronously: no promise is made unless the plugin made
 * one.
 */
export class Guard {
  readonly #watchdog: Watchdog

  constructor(watchdog: Watchdog) {
    this.#watchdog = watchdog
  }

  /**
   * Calls `fn.call(thisArg, arg)` for `owner`. Returns the result, {@link FAILED}, or a promise of
   * either when `fn` returned a promise. Never throws. `timeoutMs` overrides the owner's timeout.
   */
  call<Result>(
    owner: GuardedOwner,
    hook: string,
    fn: (this: unknown, arg: never) => Result,
    thisArg: unknown,
    arg: unknown,
    timeoutMs: number = owner.timeoutMs,
    slot?: SlotSource,
  ): Awaited<Result> | Failed | Promise<Awaited<Result> | Failed> {
    const result = this.callInto(owner, hook, fn, thisArg, arg, timeoutMs, slot)
    if (!(result instanceof PendingCall)) return result as Awaited<Result> | Failed
    return new Promise((resolve) => {
      result.resolve = resolve
    })
  }

  /**
   * Like {@link Guard.call}, but an asynchronous result is not wrapped in a new promise: it returns a
   * {@link PendingCall} whose `resolve` the caller sets at once (before any await); `resolve` then
   * receives the value, or {@link FAILED} on a rejection or timeout, exactly once. Dispatchers use it
   * to make one promise per message instead of one per plugin.
   */
  callInto(
    owner: GuardedOwner,
    hook: string,
    fn: (this: unknown, arg: never) => unknown,
    thisArg: unknown,
    arg: unknown,
    timeoutMs: number = owner.timeoutMs,
    slot?: SlotSource,
  ): unknown {
    const started = this.begin(owner)
    // `invoke`'s try/catch, inline: calling it here made the pipelines about 7% slower (A/B).
    let result: unknown
    try {
      result = fn.call(thisArg, arg as never)
    } catch (error) {
      this.fail(owner, hook, toError(error), false, slot, fn)
      return FAILED
    }
    if (isThenable(result)) {
      const pending = new PendingCall<unknown>(this, owner, hook, started, timeoutMs, noop, slot, fn)
      this.#watchdog.track(pending)
      result.then(pending.onValue, pending.onError)
      return pending
    }
    this.succeeded(owner, started, slot, fn)
    return result
  }

  /**
   * Counts a call of `owner` about to be made; returns when it started (`performance.now()`) if its
   * latency is sampled, else `undefined` (not 0: a number field that ever holds a fraction is boxed by
   * V8 in every call record, sampled or not). Latency is timed on the first call of each plugin in
   * each watchdog tick (50 ms): every call of a quiet plugin, at most 20 a second of a busy one (two
   * clock reads and a histogram record are not free on a hot path). A plugin's first call is its
   * `initialize`, not message work: untimed. Then {@link Guard.invoke}, and {@link Guard.succeeded}
   * once the call succeeded.
   */
  begin(owner: GuardedOwner): number | undefined {
    const stats = owner.stats
    const watchdog = this.#watchdog
    stats.calls += 1
    // Once per tick: the stamp (`now` changes only at a tick) and the latency sample.
    if (stats.sampledAt === watchdog.ticks) return undefined
    stats.sampledAt = watchdog.ticks
    stats.lastUsed = watchdog.now
    return stats.calls > 1 ? performance.now() : undefined
  }

  /** Calls `fn.call(thisArg, arg)`; a throw is counted and reported, and gives {@link FAILED}. */
  invoke(
    owner: GuardedOwner,
    hook: string,
    fn: (this: unknown, arg: never) => unknown,
    thisArg: unknown,
    arg: unknown,
    slot: SlotSource | undefined,
  ): unknown {
    try {
      return fn.call(thisArg, arg as never)
    } catch (error) {
      this.fail(owner, hook, toError(error), false, slot, fn)
      return FAILED
    }
  }

  /** A call of `owner` begun at `started` ({@link Guard.begin}) succeeded: its failures in a row end. */
  succeeded(
    owner: GuardedOwner,
    started: number | undefined,
    slot: SlotSource | undefined,
    fn: unknown,
  ): void {
    const stats = owner.stats
    if (started !== undefined) stats.record(performance.now() - started)
    if (stats.consecutiveFailures !== 0) stats.consecutiveFailures = 0
    if (slot !== undefined && slot.failures !== 0) slot.succeeded(fn)
  }

  /**
   * Counts and reports one failure of `owner` (and of its handler's slot, when it has one; `fn` finds
   * the slot of one listener among a group's).
   */
  fail(
    owner: GuardedOwner,
    hook: string,
    error: Error,
    timedOut: boolean,
    source?: SlotSource,
    fn?: unknown,
  ): void {
    if (timedOut) owner.stats.timeouts += 1
    else owner.stats.errors += 1
    owner.stats.consecutiveFailures += 1
    const slot: HandlerSlot | undefined = source?.slotFor(fn)
    if (slot !== undefined) slot.failures += 1
    try {
      owner.onFailure(hook, error, timedOut, slot)
    } catch {
      // A failing failure reporter must not break dispatch.
    }
  }

  /** @internal */
  get watchdog(): Watchdog {
    return this.#watchdog
  }
}

const noop = (): void => {}

/** The error of an asynchronous call of `owner`'s `hook` abandoned after `timeoutMs`. */
export function timeoutError(owner: GuardedOwner, hook: string, timeoutMs: number): BanterError {
  return new BanterError(
    'HOOK_TIMEOUT',
    `plugin "${owner.name}": ${hook} did not finish within ${timeoutMs} ms and was abandoned`,
    { plugin: owner.name, details: { hook, timeoutMs } },
  )
}

/** An asynchronous guarded call in flight (see {@link Guard.callInto}). */
export class PendingCall<Result> implements Expirable {
  readonly deadline: number
  prev: Expirable | undefined = undefined
  next: Expirable | undefined = undefined
  #settled = false

  constructor(
    readonly guard: Guard,
    readonly owner: GuardedOwner,
    readonly hook: string,
    /** When its latency clock started, when sampled ({@link Guard.begin}). */
    readonly started: number | undefined,
    readonly timeoutMs: number,
    public resolve: (value: Result | Failed) => void,
    readonly slot?: SlotSource,
    readonly fn?: unknown,
  ) {
    this.deadline = guard.watchdog.deadline(timeoutMs)
  }

  onValue = (value: unknown): void => {
    if (this.#settled) return
    this.#settled = true
    this.guard.watchdog.untrack(this)
    this.guard.succeeded(this.owner, this.started, this.slot, this.fn)
    this.resolve(value as Result)
  }

  onError = (error: unknown): void => {
    if (this.#settled) return
    this.#settled = true
    this.guard.watchdog.untrack(this)
    this.guard.fail(this.owner, this.hook, toError(error), false, this.slot, this.fn)
    this.resolve(FAILED)
  }

  expire(): void {
    if (this.#settled) return
    this.#settled = true
    this.guard.fail(
      this.owner,
      this.hook,
      timeoutError(this.owner, this.hook, this.timeoutMs),
      true,
      this.slot,
      this.fn,
    )
    this.resolve(FAILED)
  }
}
