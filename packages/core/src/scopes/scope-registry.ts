import { mergePatch } from '../config/option-paths.js'
import type { StandardSchemaV1 } from '../config/standard-schema.js'
import { validateOptions } from '../config/validate-options.js'
import type { MessagePlace, ScopeGate } from './scope-gate.js'

/** What a scope changes for one plugin: on or off, and options merged over the bot-wide ones. */
export interface ScopeRule {
  /** `false` switches the plugin off there, `true` on (default: as wider scopes say). */
  readonly enabled?: boolean | undefined
  /** Options merged (JSON merge patch) over the bot-wide options there. */
  readonly options?: Readonly<Record<string, unknown>> | undefined
}

/** The scopes of one plugin: by guild id and by channel id (a channel's rule wins over its guild's). */
export interface PluginScopes {
  /** Rules by guild id. */
  readonly guilds?: Readonly<Record<string, ScopeRule>> | undefined
  /** Rules by channel id. */
  readonly channels?: Readonly<Record<string, ScopeRule>> | undefined
}

/** Scopes by plugin name, as `BotOptions.scopes` and the bot app's `scopes:` section give them. */
export type ScopesConfig = Readonly<Record<string, PluginScopes>>

/** The parts of a loaded plugin scopes need. */
export interface ScopedPlugin {
  /** The options it was given (bot-wide). */
  readonly options: unknown
  /** The bot-wide options, validated. */
  readonly config: unknown
  /** Its schema. */
  readonly pluginClass: { readonly configSchema?: StandardSchemaV1 | undefined }
}

interface Resolved {
  readonly enabled: boolean
  readonly config: unknown
  /** The guild it was resolved for (a channel id is unique, its guild rarely differs). */
  readonly guildId: string | undefined
}

const MAX_CACHED = 10_000

/**
 * Plugins switched on or off, and options overridden, per guild and per channel. Resolution is cached
 * per plugin, guild and channel, and cleared when a scope or a plugin's options change, so the message
 * path pays one map lookup (none for a plugin without scopes). Outgoing messages carry no guild: the
 * guild of a channel is learnt from the messages received there.
 */
export class ScopeRegistry implements ScopeGate {
  readonly #rules = new Map<string, PluginScopes>()
  /** Resolutions by plugin, then channel id: two lookups on strings the message already holds. */
  readonly #cache = new Map<string, Map<string, Resolved>>()
  #cached = 0
  /** The plugins off in a channel (and its guild), `null` when none: one lookup per message. */
  readonly #off = new Map<
    string,
    { readonly guildId: string | undefined; readonly off: ReadonlySet<string> | null }
  >()
  // The last place asked about: every stage of a pipeline asks about the same message in a row.
  #lastChannel: string | undefined
  #lastGuild: string | undefined
  #lastOff: ReadonlySet<string> | null = null
  readonly #guildOf = new Map<string, string>()
  #learntChannel: string | undefined
  #learntGuild: string | undefined
  #plugin: (name: string) => ScopedPlugin | undefined = () => undefined

  /** @internal The runtime creates it from `BotOptions.scopes`. */
  constructor(initial: ScopesConfig = {}) {
    for (const [name, scopes] of Object.entries(initial)) this.#rules.set(name, scopes)
  }

  /** @internal The plugin manager says where the plugins are. */
  attach(plugin: (name: string) => ScopedPlugin | undefined): void {
    this.#plugin = plugin
  }

  /** @internal Records the guild of a channel from a message received there. */
  learn(place: MessagePlace): void {
    const { channelId, guildId } = place
    if (guildId === undefined) return
    // Messages come in runs from one channel: the last one learnt needs no lookup.
    if (channelId === this.#learntChannel && guildId === this.#learntGuild) return
    this.#learntChannel = channelId
    this.#learntGuild = guildId
    if (this.#guildOf.get(channelId) === guildId) return
    if (this.#guildOf.size >= MAX_CACHED) this.#guildOf.clear()
    this.#guildOf.set(channelId, guildId)
    // Outgoing messages to this channel resolve with its guild from now on.
    this.#lastChannel = undefined
  }

  /** Whether a plugin has any scope. */
  has(plugin: string): boolean {
    return this.#rules.has(plugin)
  }

  /** The scopes of one plugin (empty when it has none). */
  get(plugin: string): PluginScopes {
    return this.#rules.get(plugin) ?? {}
  }

  /** Every plugin's scopes. */
  all(): ScopesConfig {
    return Object.fromEntries(this.#rules)
  }

  allows(plugin: string, place: MessagePlace): boolean {
    if (this.#rules.size === 0) return true
    if (place.channelId !== this.#lastChannel || place.guildId !== this.#lastGuild) {
      this.#lastOff = this.#offAt(place)
      this.#lastChannel = place.channelId
      this.#lastGuild = place.guildId
    }
    return this.#lastOff === null || !this.#lastOff.has(plugin)
  }

  #offAt(place: MessagePlace): ReadonlySet<string> | null {
    const guildId = place.guildId ?? this.#guildOf.get(place.channelId)
    const found = this.#off.get(place.channelId)
    if (found !== undefined && found.guildId === guildId) return found.off
    const off = new Set<string>()
    for (const plugin of this.#rules.keys()) if (!this.#resolve(plugin, place).enabled) off.add(plugin)
    if (this.#off.size >= MAX_CACHED) this.#off.clear()
    const entry = { guildId, off: off.size === 0 ? null : off }
    this.#off.set(place.channelId, entry)
    return entry.off
  }

  configFor(plugin: string, place: MessagePlace): unknown {
    if (!this.#rules.has(plugin)) return this.#plugin(plugin)?.config
    return this.#resolve(plugin, place).config
  }

  /**
   * Sets (or, with `undefined`, removes) the rule of a plugin for one guild or channel. Options are
   * validated merged over the bot-wide options first (`CONFIG_INVALID`, nothing changed).
   */
  async set(
    plugin: string,
    kind: 'guild' | 'channel',
    id: string,
    rule: ScopeRule | undefined,
  ): Promise<PluginScopes> {
    const found = this.#plugin(plugin)
    if (rule?.options && found)
      await validateOptions(
        plugin,
        found.pluginClass.configSchema,
        mergePatch(found.options ?? {}, rule.options),
      )
    const current = this.get(plugin)
    const key = kind === 'guild' ? 'guilds' : 'channels'
    const table: Record<string, ScopeRule> = { ...current[key] }
    if (rule === undefined) delete table[id]
    else table[id] = rule
    const next: PluginScopes = { ...current, [key]: table }
    const empty = Object.keys(next.guilds ?? {}).length === 0 && Object.keys(next.channels ?? {}).length === 0
    if (empty) this.#rules.delete(plugin)
    else this.#rules.set(plugin, next)
    this.invalidate()
    return this.get(plugin)
  }

  /** @internal Forgets cached resolutions (a plugin's options or scopes changed). */
  invalidate(): void {
    this.#cache.clear()
    this.#cached = 0
    this.#off.clear()
    this.#lastChannel = undefined
    this.#lastGuild = undefined
    this.#lastOff = null
  }

  #resolve(plugin: string, place: MessagePlace): Resolved {
    const guildId = place.guildId ?? this.#guildOf.get(place.channelId)
    let byChannel = this.#cache.get(plugin)
    const cached = byChannel?.get(place.channelId)
    if (cached !== undefined && cached.guildId === guildId) return cached
    const rules = this.#rules.get(plugin) ?? {}
    const guild = guildId === undefined ? undefined : rules.guilds?.[guildId]
    const channel = rules.channels?.[place.channelId]
    const enabled = channel?.enabled ?? guild?.enabled ?? true
    const base = this.#plugin(plugin)
    let config = base?.config
    if (base && (guild?.options || channel?.options)) {
      let options: unknown = base.options ?? {}
      if (guild?.options) options = mergePatch(options, guild.options)
      if (channel?.options) options = mergePatch(options, channel.options)
      config = validSync(base.pluginClass.configSchema, options) ?? base.config
    }
    if (this.#cached >= MAX_CACHED) this.invalidate()
    if (byChannel === undefined || this.#cached === 0) {
      byChannel = this.#cache.get(plugin) ?? new Map<string, Resolved>()
      this.#cache.set(plugin, byChannel)
    }
    const resolved = { enabled, config, guildId }
    byChannel.set(place.channelId, resolved)
    this.#cached += 1
    return resolved
  }
}

/** The schema's output for `options` when it validates synchronously (zod does); else `undefined`. */
function validSync(schema: StandardSchemaV1 | undefined, options: unknown): unknown {
  if (schema === undefined) return options
  const result = schema['~standard'].validate(options)
  if (result instanceof Promise || result.issues !== undefined) return undefined
  return result.value
}
