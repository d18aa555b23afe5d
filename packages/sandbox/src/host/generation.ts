import type { Disposer, Logger } from '@banter/core'
import type { HostChannel } from './host-channel.js'
import { MessageRefs } from './message-refs.js'

interface Deferred {
  readonly resolve: () => void
  readonly reject: (error: Error) => void
}

/** Host registrations that outlive a guest: the next guest takes them over as it registers again. */
export interface Carried {
  readonly listeners: Map<string, Disposer>
  readonly commands: Map<string, Disposer>
  readonly services: Map<string, Disposer>
}

function disposeAll(maps: readonly Map<unknown, Disposer>[], logger: Logger): void {
  for (const map of maps) {
    for (const dispose of map.values()) {
      try {
        dispose()
      } catch (error) {
        logger.warn({ err: error }, 'a sandbox disposer failed')
      }
    }
    map.clear()
  }
}

/**
 * One life of a plugin's guest: its channel, its message cache mirror, and everything the host
 * registered on its behalf (listeners, commands, timers, services, background work).
 *
 * After a fault, timers and background work end with the guest, but listeners, commands and services
 * stay registered on the host (their calls wait for the next guest) and are carried over: the next
 * guest's `initialize` takes each one over as it registers it again, and whatever it does not
 * register again is removed once it has started. So a command never disappears during a restart.
 */
export class Generation {
  readonly refs = new MessageRefs()
  /** Host listener per event name (one for all of the guest's listeners of that name). */
  readonly listeners = new Map<string, Disposer>()
  readonly commands = new Map<string, Disposer>()
  readonly timers = new Map<number, Disposer>()
  readonly services = new Map<string, Disposer>()
  readonly background = new Map<number, Deferred>()
  /** Locks the guest holds, by token: releasing one ends the host-side critical section. */
  readonly locks = new Map<number, () => void>()
  #carried: Carried | undefined
  #disposed = false

  constructor(
    readonly channel: HostChannel,
    carried?: Carried,
  ) {
    this.#carried = carried
  }

  /** Whether this generation was replaced or stopped. */
  get disposed(): boolean {
    return this.#disposed
  }

  /** A registration the previous guest made under `name`, handed over (the caller owns it now). */
  takeOver(kind: keyof Carried, name: string): Disposer | undefined {
    const map = this.#carried?.[kind]
    const dispose = map?.get(name)
    map?.delete(name)
    return dispose
  }

  /** The guest started: registrations of the previous guest it did not make again are removed. */
  settle(logger: Logger): void {
    const carried = this.#carried
    this.#carried = undefined
    if (carried) disposeAll([carried.listeners, carried.commands, carried.services], logger)
  }

  /**
   * Ends this generation after a fault: timers and background work go (rejected with `reason`);
   * the registrations are returned for the next guest to take over.
   */
  retire(reason: Error, logger: Logger): Carried {
    this.#disposed = true
    disposeAll([this.timers, this.locks], logger)
    this.#rejectBackground(reason)
    this.settle(logger)
    const carried = {
      listeners: new Map(this.listeners),
      commands: new Map(this.commands),
      services: new Map(this.services),
    }
    this.listeners.clear()
    this.commands.clear()
    this.services.clear()
    return carried
  }

  /** Removes everything registered for this guest (and anything it still carried). */
  dispose(reason: Error, logger: Logger): void {
    if (this.#disposed && this.listeners.size + this.commands.size + this.services.size === 0) {
      this.settle(logger)
      return
    }
    this.#disposed = true
    this.settle(logger)
    disposeAll([this.listeners, this.commands, this.timers, this.services, this.locks], logger)
    this.#rejectBackground(reason)
  }

  #rejectBackground(reason: Error): void {
    for (const deferred of this.background.values()) deferred.reject(reason)
    this.background.clear()
  }
}
