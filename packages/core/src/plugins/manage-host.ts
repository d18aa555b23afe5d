import type { AuditActor, AuditEntry } from '../audit/audit-log.js'
import type { BotStatus } from '../bot/bot-status.js'
import type { JsonSchema } from '../config/options-json-schema.js'
import type { PluginScopes, ScopeRule } from '../scopes/scope-registry.js'
import type { ConfigureResult } from './configure-result.js'
import type { PluginInfo } from './plugin-info.js'

/**
 * @internal What the bot hands the runtime so plugins holding `manage` can act (`ctx.admin`):
 * `bot.admin` and `bot.plugins`, seen through the methods it needs.
 */
export interface ManageHost {
  readonly plugins: {
    list(): PluginInfo[]
    get(name: string): PluginInfo | undefined
    options(name: string): unknown
    schema(name: string): JsonSchema
  }
  readonly admin: {
    enable(name: string, actor: AuditActor): Promise<PluginInfo>
    disable(name: string, actor: AuditActor): Promise<PluginInfo>
    reload(name: string, actor: AuditActor): Promise<PluginInfo>
    load(specifier: string, options: unknown, actor: AuditActor): Promise<PluginInfo[]>
    unload(name: string, actor: AuditActor): Promise<void>
    configure(name: string, patch: unknown, actor: AuditActor): Promise<ConfigureResult>
    auditLog(limit?: number): Promise<AuditEntry[]>
    refused(actor: AuditActor, action: string, target: string | undefined, why: string): Promise<void>
    scopes(name: string): PluginScopes
    scope(
      name: string,
      kind: 'guild' | 'channel',
      id: string,
      rule: ScopeRule | undefined,
      actor: AuditActor,
    ): Promise<PluginScopes>
  }
  status(): BotStatus
  counters(): { readonly received: number; readonly stopped: number; readonly sent: number }
}
