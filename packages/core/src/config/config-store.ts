import type { PluginScopes } from '../scopes/scope-registry.js'
import type { OptionPath } from './option-paths.js'

/** A change of one plugin's options, as {@link ConfigStore} persists it. */
export interface OptionsChange {
  /** The plugin's manifest name. */
  readonly plugin: string
  /** Where it was loaded from (its key in the bot app's `plugins:` section). */
  readonly source: string
  /** The options before the change, as given (not validated). */
  readonly before: unknown
  /** The options after the change, as given. */
  readonly after: unknown
  /** The leaf paths that changed. */
  readonly changed: readonly OptionPath[]
  /** Paths whose values are secrets: they must never be written in clear. */
  readonly secrets: readonly OptionPath[]
}

/**
 * Where option changes made at run time are kept (the bot app writes them back into its config
 * file). `check` runs before the change is applied and throws to refuse it (the file changed on disk,
 * a secret cannot be stored); `save` runs once the plugin runs on the new options.
 */
export interface ConfigStore {
  /** Throws when the change cannot be persisted; nothing is applied then. */
  check(change: OptionsChange): void | Promise<void>
  /** Persists the change. */
  save(change: OptionsChange): void | Promise<void>
  /** Persists the scopes of one plugin (throws, changing nothing, when it cannot). */
  saveScopes?(plugin: string, scopes: PluginScopes): void | Promise<void>
}
