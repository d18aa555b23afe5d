import type { UsageReport } from '../analytics/usage-analytics.js'
import type { AuditEntry } from '../audit/audit-log.js'
import type { BotStatus } from '../bot/bot-status.js'
import type { JsonSchema } from '../config/options-json-schema.js'
import type { RegisteredRoute } from '../http/http-route.js'
import type { HttpServerInfo } from '../http/http-server-info.js'
import type { PluginScopes, ScopeRule } from '../scopes/scope-registry.js'
import type { UiMenuItem, UiPage, UiWidget } from '../ui/ui-registry.js'
import type { ConfigureResult } from './configure-result.js'
import type { PluginInfo } from './plugin-info.js'

/** Who, behind a managing plugin, asked for a change (a dashboard user). */
export interface ManageActor {
  /** A stable id (a session's user, a token fingerprint). */
  readonly id: string
  /** A display name. */
  readonly name?: string | undefined
  /** Where from (an IP address). */
  readonly from?: string | undefined
}

/** The bot as a managing plugin sees it. */
export interface ManagedBot {
  /** Where the bot is in its life. */
  readonly status: BotStatus
  /** The adapter's platform. */
  readonly platform: string
  /** Messages taken, dropped by a plugin, and sent, since start. */
  readonly counters: { readonly received: number; readonly stopped: number; readonly sent: number }
}

/**
 * Plugin management for a plugin that holds `manage` (`ctx.admin`): what `bot.admin` does, each
 * change audited with an actor that names both the person and the plugin they acted through
 * (`{ kind: 'user', id: 'dashboard:<id>', name: '<name> via dashboard' }`).
 */
export interface PluginManagement {
  /** Every plugin. */
  list(): PluginInfo[]
  /** One plugin, or `undefined`. */
  get(name: string): PluginInfo | undefined
  /** A plugin's options as given, secrets masked. */
  options(name: string): unknown
  /** A plugin's options as JSON Schema. */
  schema(name: string): JsonSchema
  /** Starts a plugin. */
  enable(name: string, actor: ManageActor): Promise<PluginInfo>
  /** Stops a plugin (and what depends on it). */
  disable(name: string, actor: ManageActor): Promise<PluginInfo>
  /** Restarts a plugin. */
  reload(name: string, actor: ManageActor): Promise<PluginInfo>
  /** Loads plugins from a specifier. */
  load(specifier: string, options: unknown, actor: ManageActor): Promise<PluginInfo[]>
  /** Unloads a plugin. */
  unload(name: string, actor: ManageActor): Promise<void>
  /** Changes a plugin's options (JSON merge patch); `CONFIG_INVALID` changes nothing. */
  configure(name: string, patch: unknown, actor: ManageActor): Promise<ConfigureResult>
  /** The latest audit entries, newest first. */
  auditLog(limit?: number): Promise<AuditEntry[]>
  /** Records an attempt the managing plugin refused (a wrong login), with why. */
  refused(actor: ManageActor, action: string, target: string | undefined, why: string): Promise<void>
  /** A plugin's rules by guild and by channel. */
  scopes(name: string): PluginScopes
  /** Sets (or, with `undefined`, removes) a plugin's rule in one guild or channel; persisted and audited. */
  scope(
    name: string,
    kind: 'guild' | 'channel',
    id: string,
    rule: ScopeRule | undefined,
    actor: ManageActor,
  ): Promise<PluginScopes>
  /** Usage per plugin and command over the last `hours` (up to 168): most used, most failing. */
  analytics(hours?: number): Promise<UsageReport>
  /** Pages, widgets and menu items plugins contribute. */
  readonly ui: {
    pages(plugin?: string): readonly UiPage[]
    widgets(plugin?: string): readonly UiWidget[]
    menu(plugin?: string): readonly UiMenuItem[]
  }
  /** Every plugin route and mount (to call a contributed page's data routes). */
  routes(): readonly RegisteredRoute[]
  /** The HTTP server serving the bot, once one does. */
  server(): HttpServerInfo | undefined
  /** The bot's status and counters. */
  bot(): ManagedBot
}
