import type { Disposer } from '../runtime/disposables.js'
import { type Guard, type GuardedOwner, PendingCall } from '../runtime/guard.js'
import type { HandlerSlot } from '../runtime/handler-slot.js'
import type { MessagePlace, ScopeGate } from '../scopes/scope-gate.js'
import type { BotEventName, BotEvents, EventHandler } from './bot-events.js'

interface Listener {
  readonly fn: (payload: never) => unknown
  readonly owner: GuardedOwner
  readonly once: boolean
  readonly slot: HandlerSlot | undefined
}

const EMPTY: readonly Listener[] = Object.freeze([])

/**
 * The bot's typed event bus (`bot.events`). Each listener is isolated: a throw, a rejection or a
 * hang is reported against its owner and never reaches the other listeners. `emit` awaits every
 * listener; when all of them are synchronous no promise is made on the way.
 *
 * Listener lists are rebuilt on `on`/`off`, never per emit.
 */
export class EventManager {
  readonly #listeners = new Map<string, readonly Listener[]>()
  readonly #guard: Guard
  readonly #owner: GuardedOwner
  /** @internal Scopes: a `message.received` listener of a plugin that is off where the message is, is skipped. */
  gate: ScopeGate | undefined

  /** @internal Bots create their event manager; plugins get a scoped view through `ctx.events`. */
  constructor(guard: Guard, owner: GuardedOwner) {
    this.#guard = guard
    this.#owner = owner
  }

  /**
   * Listens to one event or several. Returns a disposer that removes the listener.
   *
   * @example
   * ```ts
   * const off = bot.events.on('message.received', ({ message }) => log(message.content))
   * off()
   * ```
   */
  on<Name extends BotEventName>(names: Name | readonly Name[], handler: EventHandler<Name>): Disposer {
    return this.add(names, handler, this.#owner, false)
  }

  /** Listens to the next occurrence only. */
  once<Name extends BotEventName>(name: Name, handler: EventHandler<Name>): Disposer {
    return this.add(name, handler, this.#owner, true)
  }

  /** Removes `handler` from `name` (every registration of it). */
  off<Name extends BotEventName>(name: Name, handler: EventHandler<Name>): void {
    const list = this.#listeners.get(name)
    if (!list) return
    const next = list.filter((l) => l.fn !== handler)
    if (next.length === 0) this.#listeners.delete(name)
    else this.#listeners.set(name, next)
  }

  /** Emits `name` and resolves once every listener finished, failed or timed out. */
  emit<Name extends BotEventName>(name: Name, payload: BotEvents[Name]): Promise<void> {
    const result = this.dispatch(name, payload)
    return result === undefined ? Promise.resolve() : result
  }

  /** Listeners of `name`, or of every event when no name is given. */
  listenerCount(name?: BotEventName): number {
    if (name !== undefined) return this.#listeners.get(name)?.length ?? 0
    let total = 0
    for (const list of this.#listeners.values()) total += list.length
    return total
  }

  /** Whether anyone listens to `name` (cheap; used to skip building payloads). */
  has(name: BotEventName): boolean {
    return this.#listeners.has(name)
  }

  /**
   * @internal Registers a listener owned by `owner` (a plugin's scoped events call this).
   */
  add(
    names: string | readonly string[],
    handler: (payload: never) => unknown,
    owner: GuardedOwner,
    once: boolean,
    slot?: HandlerSlot,
  ): Disposer {
    const list = typeof names === 'string' ? [names] : names
    const listener: Listener = { fn: handler, owner, once, slot }
    for (const name of list) this.#listeners.set(name, [...(this.#listeners.get(name) ?? EMPTY), listener])
    return () => {
      for (const name of list) this.#remove(name, listener)
    }
  }

  /**
   * @internal Sync-first emit: returns `undefined` when every listener was synchronous.
   */
  dispatch(name: string, payload: unknown): Promise<void> | undefined {
    const list = this.#listeners.get(name)
    if (list === undefined) return undefined
    let fan: FanOut | undefined
    const place =
      this.gate !== undefined && name === 'message.received'
        ? (payload as { message?: MessagePlace }).message
        : undefined
    for (let i = 0; i < list.length; i++) {
      const listener = list[i] as Listener
      if (place !== undefined && !this.gate?.allows(listener.owner.name, place)) continue
      if (listener.once) this.#remove(name, listener)
      const result = this.#guard.callInto(
        listener.owner,
        name,
        listener.fn,
        undefined,
        payload,
        listener.owner.timeoutMs,
        listener.slot,
      )
      if (result instanceof PendingCall) {
        fan ??= new FanOut()
        fan.count += 1
        result.resolve = fan.done
      }
    }
    return fan?.seal()
  }

  #remove(name: string, listener: Listener): void {
    const list = this.#listeners.get(name)
    if (!list) return
    const next = list.filter((l) => l !== listener)
    if (next.length === 0) this.#listeners.delete(name)
    else this.#listeners.set(name, next)
  }
}

/** Waits for the asynchronous listeners of one emit: one promise per emit, not one per listener. */
class FanOut {
  count = 0
  #sealed = false
  #resolve: (() => void) | undefined
  #promise: Promise<void> | undefined

  done = (): void => {
    this.count -= 1
    if (this.count === 0 && this.#sealed) this.#resolve?.()
  }

  seal(): Promise<void> {
    this.#sealed = true
    if (this.count === 0) return Promise.resolve()
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve
    })
    return this.#promise
  }
}
