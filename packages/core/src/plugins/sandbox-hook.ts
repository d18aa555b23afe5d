import type { Logger } from 'pino'
import { BanterError } from '../errors/banter-error.js'
import type { PluginTimeouts } from '../runtime/bot-info.js'
import type { PluginClass } from './base-plugin.js'
import type { SandboxSettings } from './sandbox-settings.js'

/** What core hands to the sandbox with every request. */
export interface SandboxRequest {
  /** The key the settings were found under (config plugin key or manifest name). */
  readonly key: string
  /** The settings. */
  readonly settings: SandboxSettings
  /** The bot's base folder (relative plugin paths resolve from it). */
  readonly baseDir: string
  /** More folders to resolve plugin packages from. */
  readonly resolvePaths: readonly string[]
  /** The bot's timeouts for calls into plugins. */
  readonly timeouts: PluginTimeouts
  /** The bot's root logger. */
  readonly logger: Logger
}

/**
 * What `@banter/sandbox` provides to core (its `sandboxProvider` export). Core imports the package
 * only when a plugin is configured with an isolation other than `inline`.
 */
export interface SandboxProvider {
  /**
   * Loads the plugins at `specifier` inside guests, without importing their code into this process,
   * and returns host-side proxy classes.
   */
  load(
    specifier: string,
    request: SandboxRequest & { readonly fresh: boolean },
  ): Promise<{ classes: PluginClass[]; source: string }>
  /** Wraps a plugin class already loaded in this process from `source` into a proxy class. */
  wrap(pluginClass: PluginClass, source: string, request: SandboxRequest): Promise<PluginClass>
}

/** The static property of a proxy class that holds its settings. */
export const SANDBOXED: unique symbol = Symbol.for('banter.sandboxed') as never

/** The sandbox settings of a proxy class made by `@banter/sandbox`, or `undefined` for a plain class. */
export function sandboxedSettings(cls: PluginClass): SandboxSettings | undefined {
  return (cls as unknown as { [SANDBOXED]?: SandboxSettings })[SANDBOXED]
}

/** The first non-inline settings under one of `keys`, with the key it was found under. */
export function findSandbox(
  settings: Readonly<Record<string, SandboxSettings>>,
  keys: readonly string[],
): { key: string; settings: SandboxSettings } | undefined {
  for (const key of keys) {
    const found = Object.hasOwn(settings, key) ? settings[key] : undefined
    if (found && found.isolation !== 'inline') return { key, settings: found }
  }
  return undefined
}

let provider: Promise<SandboxProvider> | undefined

/** Imports `@banter/sandbox` once; `SANDBOX_UNAVAILABLE` when it is not installed. */
export function loadSandboxProvider(): Promise<SandboxProvider> {
  // A variable specifier: core does not depend on the sandbox package (nor on isolated-vm).
  const name = '@banter/sandbox'
  provider ??= (import(name) as Promise<{ sandboxProvider?: SandboxProvider }>).then(
    (module) => {
      if (!module.sandboxProvider) throw new Error('it has no `sandboxProvider` export')
      return module.sandboxProvider
    },
    (cause: unknown) => {
      provider = undefined
      throw new BanterError(
        'SANDBOX_UNAVAILABLE',
        `a plugin is configured to run in a worker or an isolate, but @banter/sandbox could not be loaded: ${(cause as Error).message}`,
        {
          cause,
          hint: 'Install it next to @banter/core (`npm install @banter/sandbox`), or set `isolation: inline`.',
        },
      )
    },
  )
  return provider
}
