import { BanterError } from '../errors/banter-error.js'
import type { PluginMessages } from '../messages/plugin-messages.js'
import type { Permission } from '../permissions/permissions.js'
import type { Disposer } from '../runtime/disposables.js'
import type { BanterServices, ServiceName } from './services.js'

/**
 * Who calls a service: core tells each service its consumer, so that services that send, fetch or
 * queue act with the caller's rights, not their provider's.
 */
export interface ServiceCaller {
  /** The consuming plugin's name, or `core` for the bot itself. */
  readonly name: string
  /** Whether the caller holds `permission`. */
  can(permission: Permission): boolean
  /** Throws `PERMISSION_DENIED` (reported against the caller) unless it holds `permission`. */
  assert(permission: Permission, action: string): void
  /** The caller's own messages (its permissions, its name as `source`). */
  readonly messages: PluginMessages
}

interface Entry {
  readonly provider: string
  readonly value?: unknown
  readonly bind?: (caller: ServiceCaller) => unknown
  readonly views: WeakMap<ServiceCaller, unknown>
}

/**
 * The services active plugins provide (`ai`, `scanner`, `workflows`, ...). One provider per name; a
 * provider's services disappear when it stops.
 */
export class ServiceRegistry {
  readonly #services = new Map<string, Entry>()
  readonly #core: ServiceCaller

  /** @internal `core` is the caller used for host code (the bot app, tests), with every permission. */
  constructor(core: ServiceCaller) {
    this.#core = core
  }

  /** @internal Plugins provide through `ctx.services.provide` / `provideFor`. */
  provide(
    provider: string,
    name: string,
    value: unknown,
    bind?: (caller: ServiceCaller) => unknown,
  ): Disposer {
    const existing = this.#services.get(name)
    if (existing && existing.provider !== provider) {
      throw new BanterError(
        'SERVICE_TAKEN',
        `plugin "${provider}" cannot provide service "${name}": plugin "${existing.provider}" already provides it`,
        { plugin: provider },
      )
    }
    const entry: Entry = bind
      ? { provider, bind, views: new WeakMap() }
      : { provider, value, views: new WeakMap() }
    this.#services.set(name, entry)
    return () => {
      if (this.#services.get(name) === entry) this.#services.delete(name)
    }
  }

  /** The service `name` as `caller` sees it, or `undefined`. */
  tryGet<Name extends ServiceName>(name: Name, caller?: ServiceCaller): BanterServices[Name] | undefined {
    const entry = this.#services.get(name)
    if (entry === undefined) return undefined
    return this.#view(entry, caller) as BanterServices[Name]
  }

  /** The service `name`; throws `SERVICE_MISSING` for `consumer` when nobody provides it. */
  get<Name extends ServiceName>(name: Name, caller?: ServiceCaller): BanterServices[Name] {
    const entry = this.#services.get(name)
    if (entry) return this.#view(entry, caller) as BanterServices[Name]
    const consumer = caller?.name ?? 'the bot'
    throw new BanterError(
      'SERVICE_MISSING',
      `plugin "${consumer}" needs service "${name}", but no active plugin provides it`,
      { plugin: consumer },
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

  #view(entry: Entry, caller: ServiceCaller | undefined): unknown {
    if (entry.bind === undefined) return entry.value
    const who = caller ?? this.#core
    if (entry.views.has(who)) return entry.views.get(who)
    const view = entry.bind(who)
    entry.views.set(who, view)
    return view
  }
}
