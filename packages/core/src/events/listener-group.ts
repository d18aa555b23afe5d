import type { GuardedOwner } from '../runtime/guard.js'
import { HandlerSlot, type SlotSource, type SwitchOn } from '../runtime/handler-slot.js'

/** A listener function as the bus stores it. */
export type ListenerFn = (payload: never) => unknown

const NONE: readonly ListenerFn[] = Object.freeze([])

/**
 * One owner's listeners of one event. A listener costs one array slot: no record, no disposer, no
 * failure slot until it fails (then {@link ListenerGroup.slotFor} makes one). The array is replaced,
 * never changed in place, so a dispatch in progress keeps the list it started with.
 */
export class ListenerGroup implements SlotSource {
  /** The listeners, in registration order. */
  fns: readonly ListenerFn[] = NONE
  /** Non-zero while some listener of the group may have failures in a row (the guard then reports a success). */
  failures = 0
  #once: Set<ListenerFn> | undefined
  #slots: Map<ListenerFn, HandlerSlot> | undefined

  /**
   * @param owner - whose listeners these are
   * @param event - the event they listen to
   * @param switchOff - removes a listener everywhere its owner registered it (the breaker tripped);
   *   returns the events it was removed from
   * @param switchOn - puts it back on those events (after the breaker's cool-down), with its record
   */
  constructor(
    readonly owner: GuardedOwner,
    readonly event: string,
    readonly switchOff: (fn: ListenerFn) => readonly string[],
    readonly switchOn: (fn: ListenerFn, events: readonly string[], slot: HandlerSlot) => SwitchOn,
  ) {}

  /** Adds `fn`; with `once`, it is removed before its first call. */
  add(fn: ListenerFn, once: boolean): void {
    const next = this.fns.slice()
    next.push(fn)
    this.fns = next
    if (once) {
      this.#once ??= new Set()
      this.#once.add(fn)
    }
  }

  /** Removes one registration of `fn` (the newest). Returns whether there was one. */
  remove(fn: ListenerFn): boolean {
    const at = this.fns.lastIndexOf(fn)
    if (at === -1) return false
    const next = this.fns.slice()
    next.splice(at, 1)
    this.fns = next
    if (!next.includes(fn)) {
      this.#once?.delete(fn)
      this.#slots?.delete(fn)
    }
    return true
  }

  /** Whether `fn` listens once; if so it is removed now (before it is called). */
  takeOnce(fn: ListenerFn): boolean {
    if (this.#once === undefined || !this.#once.delete(fn)) return false
    this.remove(fn)
    return true
  }

  /**
   * The failure record of `fn`, made on its first failure (the guard calls this only when `fn`
   * failed, and counts the failure on the record it gets).
   */
  slotFor(fn: unknown): HandlerSlot {
    const listener = fn as ListenerFn
    let slot = this.#slots?.get(listener)
    if (slot === undefined) {
      let events: readonly string[] = []
      const record: HandlerSlot = new HandlerSlot(
        this.event,
        'listener',
        () => {
          events = this.switchOff(listener)
        },
        () => this.switchOn(listener, events, record),
      )
      slot = record
      this.adopt(listener, slot)
    }
    this.failures = Math.max(this.failures, 1)
    return slot
  }

  /**
   * Keeps `slot` as the failure record of `fn` in this group: a listener the breaker put back on
   * trial brings its record (failures and trips) to the group it returns to.
   */
  adopt(fn: ListenerFn, slot: HandlerSlot): void {
    this.#slots ??= new Map()
    this.#slots.set(fn, slot)
    if (slot.failures !== 0) this.failures = Math.max(this.failures, 1)
  }

  /**
   * `fn` succeeded: its failures in a row end. A listener that never tripped the breaker keeps no
   * record; one that did keeps it, so its next cool-down is twice the last (as a command's is).
   */
  succeeded(fn: unknown): void {
    const slots = this.#slots
    const slot = slots?.get(fn as ListenerFn)
    if (slots === undefined || slot === undefined) return
    slot.failures = 0
    if (slot.trips === 0) slots.delete(fn as ListenerFn)
    let failing = 0
    for (const other of slots.values()) if (other.failures !== 0) failing += 1
    this.failures = failing
    if (slots.size === 0) this.#slots = undefined
  }
}
