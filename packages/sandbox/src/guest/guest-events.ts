import type { ScopedEvents } from '@banter/core'
import { plainData } from '../wire/plain-data.js'
import type { MessageRef } from '../wire/protocol.js'
import { isThenable } from '../wire/thenable.js'
import type { GuestChannel } from './guest-channel.js'
import type { GuestMessages } from './guest-messages.js'

type Handler = (payload: unknown) => unknown

interface Listener {
  readonly fn: Handler
  readonly once: boolean
}

/** An event payload as the host sends it: plain fields, and the messages in it as references. */
export interface PayloadWire {
  readonly p: Record<string, unknown>
  readonly refs?: Record<string, MessageRef>
}

/**
 * The guest's listeners. The host holds one listener per event name for the whole guest and sends
 * each event once; the guest calls its own listeners. A listener that throws fails that one host
 * call (counted once against the plugin, like any failing listener).
 */
export class GuestEvents {
  readonly #listeners = new Map<string, Listener[]>()
  readonly #channel: GuestChannel
  readonly #messages: GuestMessages

  constructor(channel: GuestChannel, messages: GuestMessages) {
    this.#channel = channel
    this.#messages = messages
  }

  /** The plugin's `ctx.events`. */
  view(alive: (action: string) => void): ScopedEvents {
    const add = (names: string | readonly string[], fn: Handler, once: boolean) => {
      alive('listen to events')
      const list = typeof names === 'string' ? [names] : [...names]
      const listener: Listener = { fn, once }
      for (const name of list) this.#add(name, listener)
      return () => {
        for (const name of list) this.#remove(name, listener)
      }
    }
    return {
      on: (names, handler) => add(names, handler as Handler, false),
      once: (name, handler) => add(name, handler as Handler, true),
      emit: (name, payload) => {
        alive('emit events')
        return this.#channel.request('events.emit', { n: name, p: plainData(payload) }) as Promise<void>
      },
    }
  }

  /** Calls every listener of `name`; rejects with the first failure once all have finished. */
  dispatch(name: string, wire: PayloadWire): unknown {
    const list = this.#listeners.get(name)
    if (!list) return undefined
    const payload: Record<string, unknown> = { ...wire.p }
    for (const [key, ref] of Object.entries(wire.refs ?? {})) payload[key] = this.#messages.take(ref)
    const pending: PromiseLike<unknown>[] = []
    let failure: { error: unknown } | undefined
    for (const listener of [...list]) {
      if (listener.once) this.#remove(name, listener)
      try {
        const result = listener.fn(payload)
        if (isThenable(result)) pending.push(result)
      } catch (error) {
        failure ??= { error }
      }
    }
    if (pending.length === 0) {
      if (failure) throw failure.error
      return undefined
    }
    return Promise.allSettled(pending).then((results) => {
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failure) throw failure.error
      if (rejected) throw rejected.reason
    })
  }

  #add(name: string, listener: Listener): void {
    const list = this.#listeners.get(name)
    if (list) {
      list.push(listener)
      return
    }
    // The first listener of a name: the host starts listening (and checks the permission now).
    this.#channel.sync('events.on', { n: name })
    this.#listeners.set(name, [listener])
  }

  #remove(name: string, listener: Listener): void {
    const list = this.#listeners.get(name)
    const at = list?.indexOf(listener) ?? -1
    if (!list || at === -1) return
    list.splice(at, 1)
    if (list.length === 0) {
      this.#listeners.delete(name)
      this.#channel.cast('events.off', { n: name })
    }
  }
}
