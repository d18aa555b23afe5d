import { BanterError, type Disposer, type PluginServices } from '@banter/core/guest'
import { plainData } from '../wire/plain-data.js'
import type { GuestChannel } from './guest-channel.js'

type AnyRecord = Record<string, unknown>

/** The names of the functions an object offers (own and inherited, `Object.prototype` excluded). */
export function methodNames(value: unknown): string[] {
  const names = new Set<string>()
  for (let o = value; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key !== 'constructor' && typeof (value as AnyRecord)[key] === 'function') names.add(key)
    }
  }
  return [...names]
}

/**
 * Services across the boundary. A service another plugin provides arrives as an object whose methods
 * send their (copied) arguments to the host and resolve to the (copied) result: every method becomes
 * asynchronous, and callbacks or streams cannot cross. A service this plugin provides is offered on
 * the host the same way.
 */
export class GuestServices {
  readonly #provided = new Map<string, AnyRecord>()
  readonly #channel: GuestChannel

  constructor(channel: GuestChannel) {
    this.#channel = channel
  }

  /** The plugin's `ctx.services`. */
  view(alive: (action: string) => void): PluginServices {
    return {
      provide: (name, implementation) => {
        alive('provide services')
        const impl = implementation as unknown as AnyRecord
        this.#channel.sync('services.provide', { n: name, fns: methodNames(impl) })
        this.#provided.set(name, impl)
        const dispose: Disposer = () => {
          if (this.#provided.get(name) !== impl) return
          this.#provided.delete(name)
          this.#channel.cast('services.withdraw', { n: name })
        }
        return dispose
      },
      provideFor: (name) => {
        throw new BanterError(
          'SANDBOX_UNSUPPORTED',
          `a sandboxed plugin cannot provide "${name}" with provideFor (a service that acts with each caller's rights); use provide, or run the plugin inline`,
        )
      },
      get: (name) => this.#remote(name, this.#channel.sync('services.get', { n: name }) as string[]) as never,
      tryGet: (name) => {
        const fns = this.#channel.sync('services.tryGet', { n: name }) as string[] | null
        return (fns ? this.#remote(name, fns) : undefined) as never
      },
    }
  }

  /** Host call: method `fn` of the service this plugin provides as `name`. */
  call(name: string, fn: string, args: readonly unknown[]): unknown {
    const impl = this.#provided.get(name)
    const method = impl?.[fn]
    if (typeof method !== 'function') {
      throw new BanterError('SERVICE_MISSING', `this plugin no longer provides "${name}.${fn}"`)
    }
    const result = (method as (...a: unknown[]) => unknown).apply(impl, [...args])
    return result instanceof Promise ? result.then(plainData) : plainData(result)
  }

  #remote(name: string, fns: readonly string[]): AnyRecord {
    const remote: AnyRecord = {}
    for (const fn of fns) {
      remote[fn] = (...args: unknown[]) =>
        this.#channel.request('services.call', { n: name, fn, a: plainData(args) })
    }
    return remote
  }
}
