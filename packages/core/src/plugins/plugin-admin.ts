import type { AuditActor, AuditEntry, AuditLog } from '../audit/audit-log.js'
import type { ConfigStore } from '../config/config-store.js'
import { maskSecrets } from '../config/option-paths.js'
import { BanterError } from '../errors/banter-error.js'
import type { PluginScopes, ScopeRegistry, ScopeRule } from '../scopes/scope-registry.js'
import type { ConfigureResult } from './plugin-configure.js'
import type { PluginManager } from './plugin-manager.js'
import type { PluginInfo } from './plugin-record.js'

function message(error: unknown): string {
  return error instanceof BanterError ? error.summary : (error as Error).message
}

/**
 * Plugin management with an audit trail (`bot.admin`): the one model the admin HTTP API, the
 * `!plugins` chat command and the `banter plugins` CLI act through. Every action is recorded in the
 * audit log with who did it, what, when, and the state before and after (secrets masked); refused
 * attempts are recorded with {@link PluginAdmin.refused}.
 */
export class PluginAdmin {
  readonly #plugins: PluginManager
  readonly #audit: AuditLog
  readonly #scopes: ScopeRegistry
  readonly #store: () => ConfigStore | undefined
  readonly #refusedAt = new Map<string, { at: number; skipped: number }>()

  /** @internal The bot creates it. */
  constructor(
    plugins: PluginManager,
    audit: AuditLog,
    scopes: ScopeRegistry,
    store: () => ConfigStore | undefined,
  ) {
    this.#plugins = plugins
    this.#audit = audit
    this.#scopes = scopes
    this.#store = store
  }

  /** The scopes of a plugin (its rules by guild and by channel). */
  scopes(name: string): PluginScopes {
    if (!this.#plugins.get(name))
      throw new BanterError('PLUGIN_NOT_LOADED', `no plugin named "${name}" is loaded`)
    return this.#scopes.get(name)
  }

  /**
   * Sets (or, with `undefined`, removes) the rule of a plugin in one guild or channel: on/off and
   * options merged over the bot-wide ones (validated first). Persisted through the config store.
   */
  async scope(
    name: string,
    kind: 'guild' | 'channel',
    id: string,
    rule: ScopeRule | undefined,
    actor: AuditActor,
  ): Promise<PluginScopes> {
    const target = `${name} ${kind}:${id}`
    try {
      const before = this.scopes(name)
      const previous = (kind === 'guild' ? before.guilds : before.channels)?.[id]
      const after = await this.#scopes.set(name, kind, id, rule)
      try {
        await this.#store()?.saveScopes?.(name, after)
      } catch (error) {
        await this.#scopes.set(name, kind, id, previous)
        throw error
      }
      await this.#audit.record({
        actor,
        action: 'scope',
        target,
        outcome: 'ok',
        before: maskSecrets(previous ?? null, []),
        after: maskSecrets(rule ?? null, []),
      })
      return after
    } catch (error) {
      await this.#audit.record({ actor, action: 'scope', target, outcome: 'failed', error: message(error) })
      throw error
    }
  }

  /** Starts a plugin (see `bot.plugins.enable`). */
  enable(name: string, actor: AuditActor): Promise<PluginInfo> {
    return this.#act(actor, 'enable', name, () => this.#plugins.enable(name))
  }

  /** Stops a plugin (see `bot.plugins.disable`). */
  disable(name: string, actor: AuditActor): Promise<PluginInfo> {
    return this.#act(actor, 'disable', name, () =>
      this.#plugins.disable(name, `disabled by ${actor.name ?? `${actor.kind} ${actor.id}`}`),
    )
  }

  /** Restarts a plugin, re-reading its code (see `bot.plugins.reload`). */
  reload(name: string, actor: AuditActor): Promise<PluginInfo> {
    return this.#act(actor, 'reload', name, () => this.#plugins.reload(name))
  }

  /** Loads plugins from a specifier (an installed package name or a path). */
  async load(specifier: string, options: unknown, actor: AuditActor): Promise<PluginInfo[]> {
    try {
      const loaded = await this.#plugins.load(specifier, options)
      await this.#audit.record({
        actor,
        action: 'load',
        target: specifier,
        outcome: 'ok',
        after: loaded.map((p) => ({ name: p.name, status: p.status })),
      })
      return loaded
    } catch (error) {
      await this.#audit.record({
        actor,
        action: 'load',
        target: specifier,
        outcome: 'failed',
        error: message(error),
      })
      throw error
    }
  }

  /** Unloads a plugin. */
  unload(name: string, actor: AuditActor): Promise<void> {
    return this.#act(actor, 'unload', name, async () => {
      await this.#plugins.unload(name)
    })
  }

  /** Changes a plugin's options (JSON merge patch); see `bot.plugins.configure`. */
  configure(name: string, patch: unknown, actor: AuditActor): Promise<ConfigureResult> {
    return this.#plugins.configure(name, patch, actor)
  }

  /**
   * Records an attempt that was refused (a wrong token, a user without the admin level). Repeats from
   * the same actor and place within 10 s are counted into its next entry rather than written one by
   * one, so that a flood of refused attempts cannot push the real entries out of the log.
   */
  async refused(actor: AuditActor, action: string, target: string | undefined, why: string): Promise<void> {
    const key = `${actor.kind}\u0000${actor.id}\u0000${actor.from ?? ''}`
    const now = Date.now()
    const last = this.#refusedAt.get(key)
    if (last !== undefined && now - last.at < 10_000) {
      last.skipped += 1
      return
    }
    if (this.#refusedAt.size >= 10_000) this.#refusedAt.clear()
    this.#refusedAt.set(key, { at: now, skipped: 0 })
    const more = last?.skipped ? ` (and ${last.skipped} more refused attempts before)` : ''
    await this.#audit.record({
      actor,
      action,
      ...(target ? { target } : {}),
      outcome: 'refused',
      error: why + more,
    })
  }

  /** Records an action done elsewhere (scopes). */
  async record(entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<void> {
    await this.#audit.record(entry)
  }

  /** The latest audit entries, newest first. */
  auditLog(limit?: number): Promise<AuditEntry[]> {
    return this.#audit.list(limit)
  }

  async #act<Result>(
    actor: AuditActor,
    action: string,
    name: string,
    run: () => Promise<Result>,
  ): Promise<Result> {
    const before = this.#plugins.get(name)?.status
    try {
      const result = await run()
      const after = this.#plugins.get(name)?.status ?? 'unloaded'
      await this.#audit.record({ actor, action, target: name, outcome: 'ok', before, after })
      return result
    } catch (error) {
      await this.#audit.record({
        actor,
        action,
        target: name,
        outcome: 'failed',
        before,
        error: message(error),
      })
      throw error
    }
  }
}
