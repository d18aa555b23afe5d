import { BanterError } from '../errors/banter-error.js'
import type { Disposer } from '../runtime/disposables.js'
import type { BanterServices, ServiceName } from './services.js'

/**
 * The services active plugins provide (`ai`, `scanner`, `workflows`, ...). One provider per name; a
 * provider's services disappear when it stops.
 */
export class ServiceRegistry {
  readonly #services = new Map<string, { readonly provider: string; readonly value: unknown }>()

  /** @internal Plugins provide through `ctx.services.provide`. */
  provide(provider: string, name: string, value: unknown): Disposer {
    const existing = this.#services.get(name)
    if (existing && existing.provider !== provider) {
      throw new BanterError(
        'SERVICE_TAKEN',
        `plugin "${provider}" cannot provide service "${name}": plugin "${existing.provider}" already provides it`,
        { plugin: provider },
      )
    }
    const entry = { provider, value }
    this.#services.set(name, entry)
    return () => {
      if (this.#services.get(name) === entry) this.#services.delete(name)
    }
  }

  /** The service `name`, or `undefined`. */
  tryGet<Name extends ServiceName>(name: Name): BanterServices[Name] | undefined {
    return this.#services.get(name)?.value as BanterServices[Name] | undefined
  }

  /** The service `name`; throws `SERVICE_MISSING` for `consumer` when nobody provides it. */
  get<Name extends ServiceName>(name: Name, consumer = 'the bot'): BanterServices[Name] {
    const entry = this.#services.get(name)
    if (entry) return entry.value as BanterServices[Name]
    throw new BanterError(
      'SERVICE_MISSING',
      `plugin "${consumer}" needs service "${name}", but no active plugin provides it`,
      {
        plugin: consumer,
      },
    )
  }

  /** The plugin providing `name`, if any. */
  providerOf(name: string): string | undefined {
    return this.#services.get(name)?.provider
  }

  /** Names of every provided service. */
  names(): string[] {
    return [...this.#services.keys()]
  }
}
