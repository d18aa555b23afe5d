import type { PluginInfo } from './plugin-info.js'

/** How new options reached a plugin. */
export type ConfigApplied = 'hook' | 'restart' | 'stored' | 'unchanged'

/** One changed option, secrets masked. */
export interface OptionChange {
  /** `prompts.system`. */
  readonly path: string
  /** The value before (`***` for a secret). */
  readonly before: unknown
  /** The value after (`***` for a secret). */
  readonly after: unknown
}

/** What `bot.plugins.configure` did. */
export interface ConfigureResult {
  /** The plugin as it stands now. */
  readonly plugin: PluginInfo
  /** `hook` (its `onConfigChange` took them), `restart`, `stored` (not running), or `unchanged`. */
  readonly applied: ConfigApplied
  /** What changed, secrets masked. */
  readonly changes: readonly OptionChange[]
  /** The options now in force, as given, secrets masked. */
  readonly options: unknown
}
