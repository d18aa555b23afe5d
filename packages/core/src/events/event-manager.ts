import type { Disposer } from '../runtime/disposables.js'
import { FAILED, type Guard, type GuardedOwner, isThenable } from '../runtime/guard.js'
import type { HandlerSlot, SwitchOn } from '../runtime/handler-slot.js'
import type { MessagePlace, ScopeGate } from '../scopes/scope-gate.js'
import type { BotEventName, BotEvents, EventHandler } from './bot-events.js'
import { FanOut } from './fan-out.js'
import { type ListenerFn, ListenerGroup } from './listener-group.js'

const NO_GROUPS: readonly ListenerGroup[] = Object.freeze([])

/**
 * The bot's typed event bus (`bot.events`). Each listener is isolated: a throw, a rejection or a
 * hang is reported against its owner and never reaches the other listeners. `emit` awaits every
 * listener; when all of them are synchronous no promise is made on the way.
 *
 * Listeners are kept per event and owner ({@link ListenerGroup}): a listener costs one array slot,
 * and unloading a plugin drops its groups whole. Lists are replaced on `on`/`off`, never per emit.
 */
export class EventManager {
  readonly #groups = new Map<string, readonly ListenerGroup[]>()
  /** Listeners whose disposer ran while the breaker had them switched off. */
  readonly #dropped = new WeakSet<ListenerFn>()
  /** The groups of `message.received` (read for every message: no map lookup on the way). */
  #received: readonly ListenerGroup[] | undefined
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

  /** Removes `handler` from `name` (every registration of it, whoever made it). */
  off<Name extends BotEventName>(name: Name, handler: EventHandler<Name>): void {
    for (const group of this.#groups.get(name) ?? NO_GROUPS) {
      while (group.remove(handler as ListenerFn)) {}
    }
    this.#prune(name)
  }

  /** Emits `name` and resolves once every listener finished, failed or timed out. */
  emit<Name extends BotEventName>(name: Name, payload: BotEvents[Name]): Promise<void> {
    const result = this.dispatch(name, payload)
    return result === undefined ? Promise.resolve() : result
  }

  /** Listeners of `name`, or of every event when no name is given. */
  listenerCount(name?: BotEventName): number {
    let total = 0
    const count = (groups: readonly ListenerGroup[]) => {
      for (const group of groups) total += group.fns.length
    }
    if (name !== undefined) count(this.#groups.get(name) ?? NO_GROUPS)
    else for (const groups of this.#groups.values()) count(groups)
    return total
  }

  /** Whether anyone listens to `name` (cheap; used to skip building payloads). */
  has(name: BotEventName): boolean {
    return name === 'message.received' ? this.#received !== undefined : this.#groups.has(name)
  }

  /**
   * @internal Registers a listener owned by `owner` (a plugin's scoped events call this). The
   * disposer it returns removes this registration once; nothing keeps it, so a listener nobody
   * removes early costs nothing more than its array slot ({@link EventManager.removeOwner} ends it).
   */
  add(
    names: string | readonly string[],
    handler: (payload: never) => unknown,
    owner: GuardedOwner,
    once: boolean,
  ): Disposer {
    if (typeof names === 'string') this.#groupOf(names, owner).add(handler, once)
    else for (const name of names) this.#groupOf(name, owner).add(handler, once)
    this.#dropped.delete(handler)
    let done = false
    return () => {
      if (done) return
      done = true
      let found = false
      for (const name of typeof names === 'string' ? [names] : names) {
        for (const group of this.#groups.get(name) ?? NO_GROUPS) {
          if (group.owner === owner && group.remove(handler)) {
            found = true
            break
          }
        }
        this.#prune(name)
      }
      // Not there: the breaker has it switched off. It must not come back after its cool-down.
      if (!found) this.#dropped.add(handler)
    }
  }

  /** @internal Removes every listener of `owner` (a plugin stopped). */
  removeOwner(owner: GuardedOwner): void {
    for (const [name, groups] of this.#groups) {
      const kept = groups.filter((g) => g.owner !== owner)
      if (kept.length === groups.length) continue
      this.#put(name, kept)
    }
  }

  /**
   * @internal Sync-first emit: returns `undefined` when every listener was synchronous.
   */
  dispatch(name: string, payload: unknown): Promise<void> | undefined {
    const groups = name === 'message.received' ? this.#received : this.#groups.get(name)
    if (groups === undefined) return undefined
    let fan: FanOut | undefined
    const place =
      this.gate !== undefined && name === 'message.received'
        ? (payload as { message?: MessagePlace }).message
        : undefined
    const guard = this.#guard
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as ListenerGroup
      const owner = group.owner
      if (place !== undefined && !this.gate?.allows(owner.name, place)) continue
      const fns = group.fns
      for (let i = 0; i < fns.length; i++) {
        const fn = fns[i] as ListenerFn
        if (group.takeOnce(fn)) this.#prune(name)
        // As `Guard.callInto`, but an asynchronous listener joins the emit's one fan-out.
        const started = guard.begin(owner)
        const result = guard.invoke(owner, name, fn, undefined, payload, group)
        if (result === FAILED) continue
        if (isThenable(result)) {
          fan ??= new FanOut(guard, name)
          fan.hold(owner, fn, group, started, result)
        } else guard.succeeded(owner, started, group, fn)
      }
    }
    return fan?.seal()
  }

  /** The group of `owner`'s listeners of `name`, made on first use. */
  #groupOf(name: string, owner: GuardedOwner): ListenerGroup {
    const groups = this.#groups.get(name) ?? NO_GROUPS
    for (const group of groups) if (group.owner === owner) return group
    const group = new ListenerGroup(
      owner,
      name,
      (fn) => this.#switchOff(owner, fn),
      (fn, events, slot) => this.#switchOn(owner, fn, events, slot),
    )
    this.#put(name, [...groups, group])
    return group
  }

  /**
   * The breaker switched listener `fn` of `owner` off: it leaves every event it listened to (returned,
   * once per registration).
   */
  #switchOff(owner: GuardedOwner, fn: ListenerFn): string[] {
    const left: string[] = []
    for (const [name, groups] of this.#groups) {
      for (const group of groups) if (group.owner === owner) while (group.remove(fn)) left.push(name)
      this.#prune(name)
    }
    return left
  }

  /**
   * The breaker's cool-down ended: `fn` listens to `events` again, with its failure record `slot` (so
   * one more failure on trial switches it off again, for twice as long), unless its disposer ran while
   * it was off (a plugin restarted meanwhile is caught by the breaker's generation check).
   */
  #switchOn(owner: GuardedOwner, fn: ListenerFn, events: readonly string[], slot: HandlerSlot): SwitchOn {
    if (this.#dropped.delete(fn) || events.length === 0) return 'gone'
    for (const name of events) this.#groupOf(name, owner).add(fn, false)
    if (events.includes(slot.label)) this.#groupOf(slot.label, owner).adopt(fn, slot)
    return 'on'
  }

  /** Sets the groups of `name` (none: nobody listens to it any more). */
  #put(name: string, groups: readonly ListenerGroup[]): void {
    if (groups.length === 0) this.#groups.delete(name)
    else this.#groups.set(name, groups)
    if (name === 'message.received') this.#received = groups.length === 0 ? undefined : groups
  }

  /** Drops the empty groups of `name` (and `name` itself once nobody listens). */
  #prune(name: string): void {
    const groups = this.#groups.get(name)
    if (groups === undefined || groups.every((g) => g.fns.length > 0)) return
    const kept = groups.filter((g) => g.fns.length > 0)
    this.#put(name, kept)
  }
}
