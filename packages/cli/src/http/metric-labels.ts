import { type Bot, ERROR_CODES } from '@banter/core'

/** The label value of everything past the known values. */
export const OTHER = 'other'

/** Distinct hooks and plugin codes kept per plugin before the rest count as {@link OTHER}. */
export const MAX_VALUES_PER_PLUGIN = 32

/** Codes any failure may carry: core's catalogue, and `UNKNOWN` for errors that are not BanterErrors. */
const CORE_CODES: ReadonlySet<string> = new Set([...Object.keys(ERROR_CODES), 'UNKNOWN'])

/** `OPENAI_` for plugin `openai`, `MY_PLUGIN_` for `my-plugin`: how the plugin's own codes start. */
function codePrefix(plugin: string): string {
  return `${plugin.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_`
}

/** Labels of `banter_plugin_failures_total`. */
export interface FailureLabels {
  readonly plugin: string
  readonly hook: string
  readonly code: string
}

/** Labels of `banter_command_duration_seconds`. */
export interface CommandLabels {
  readonly command: string
  readonly plugin: string
}

/**
 * Label values for metrics made from events, bounded whatever the events say. Any plugin can emit
 * `plugin.error` or `command.executed` with made-up names, and every distinct label value is a new
 * time series kept for ever: so a plugin label is a loaded plugin (or `core`), a command a registered
 * one, a code one of core's or, per plugin, one of the first {@link MAX_VALUES_PER_PLUGIN} codes with
 * the plugin's prefix (`OPENAI_...`), a hook one of the plugin's first that many; the rest is `other`.
 */
export class MetricLabels {
  readonly #bot: Pick<Bot, 'plugins' | 'commands'>
  readonly #max: number
  readonly #seen = new Map<string, { readonly hooks: Set<string>; readonly codes: Set<string> }>()

  constructor(bot: Pick<Bot, 'plugins' | 'commands'>, max = MAX_VALUES_PER_PLUGIN) {
    this.#bot = bot
    this.#max = max
  }

  /** Labels of a `plugin.error` event. */
  failure(event: {
    readonly name: unknown
    readonly hook: unknown
    readonly error?: { code?: unknown }
  }): FailureLabels {
    const code = typeof event.error?.code === 'string' ? event.error.code : ''
    const plugin = this.#plugin(event.name)
    if (plugin === OTHER) return { plugin, hook: OTHER, code: CORE_CODES.has(code) ? code : OTHER }
    let seen = this.#seen.get(plugin)
    if (!seen) {
      seen = { hooks: new Set(), codes: new Set() }
      this.#seen.set(plugin, seen)
    }
    // `command:remind` counts as `command`: the command is in the command metrics.
    const hook = typeof event.hook === 'string' ? (event.hook.split(':')[0] ?? '') : ''
    return {
      plugin,
      hook: this.#keep(seen.hooks, hook),
      code: CORE_CODES.has(code)
        ? code
        : code.startsWith(codePrefix(plugin))
          ? this.#keep(seen.codes, code)
          : OTHER,
    }
  }

  /** Labels of a `command.executed` event. */
  command(event: { readonly command: unknown; readonly plugin: unknown }): CommandLabels {
    const registered = typeof event.command === 'string' ? this.#bot.commands.find(event.command) : undefined
    const plugin = event.plugin === 'core' ? 'core' : this.#plugin(event.plugin)
    return {
      command: registered && registered.definition.name === event.command ? event.command : OTHER,
      plugin,
    }
  }

  #plugin(name: unknown): string {
    return typeof name === 'string' && this.#bot.plugins.get(name) ? name : OTHER
  }

  #keep(values: Set<string>, value: string): string {
    if (values.has(value)) return value
    if (values.size >= this.#max || value === '') return OTHER
    values.add(value)
    return value
  }
}
