import type { AuditActor } from '../audit/audit-log.js'
import { type ContextKit, rejecting } from './context-kit.js'
import type { ManageHost } from './manage-host.js'
import type { ManageActor, PluginManagement } from './plugin-management.js'

/** @internal Builds `ctx.admin`: every call needs `manage` and a running plugin. */
export function createPluginManagement(kit: ContextKit): PluginManagement {
  const { runtime, record, alive, check } = kit
  const host = (action: string): ManageHost => {
    alive(action)
    check('manage', action)
    const manage = runtime.manage
    if (!manage) throw new Error('plugin management is not available before the bot is built')
    return manage
  }
  const as = (actor: ManageActor): AuditActor => ({
    kind: 'user',
    id: `${record.name}:${actor.id}`,
    name: `${actor.name ?? actor.id} via ${record.name}`,
    ...(actor.from ? { from: actor.from } : {}),
  })
  const act = <Result>(action: string, run: (m: ManageHost) => Promise<Result>) =>
    rejecting(() => run(host(action)))
  const read =
    <Result>(action: string, run: () => Result) =>
    (): Result => {
      host(action)
      return run()
    }
  return {
    list: () => host('list plugins').plugins.list(),
    get: (name) => host('read plugins').plugins.get(name),
    options: (name) => host('read plugin options').plugins.options(name),
    schema: (name) => host('read plugin schemas').plugins.schema(name),
    enable: (name, actor) => act('enable plugins', (m) => m.admin.enable(name, as(actor))),
    disable: (name, actor) => act('disable plugins', (m) => m.admin.disable(name, as(actor))),
    reload: (name, actor) => act('reload plugins', (m) => m.admin.reload(name, as(actor))),
    load: (specifier, options, actor) =>
      act('load plugins', (m) => m.admin.load(specifier, options, as(actor))),
    unload: (name, actor) => act('unload plugins', (m) => m.admin.unload(name, as(actor))),
    configure: (name, patch, actor) =>
      act('configure plugins', (m) => m.admin.configure(name, patch, as(actor))),
    auditLog: (limit) => act('read the audit log', (m) => m.admin.auditLog(limit)),
    refused: (actor, action, target, why) =>
      act('record refusals', (m) => m.admin.refused(as(actor), action, target, why)),
    scopes: (name) => host('read plugin scopes').admin.scopes(name),
    scope: (name, kind, id, rule, actor) =>
      act('change plugin scopes', (m) => m.admin.scope(name, kind, id, rule, as(actor))),
    analytics: (hours) => act('read usage analytics', () => runtime.analytics.report(hours)),
    ui: {
      pages: (plugin) => read('read contributed pages', () => runtime.ui.pages(plugin))(),
      widgets: (plugin) => read('read contributed widgets', () => runtime.ui.widgets(plugin))(),
      menu: (plugin) => read('read contributed menus', () => runtime.ui.menu(plugin))(),
    },
    routes: read('read plugin routes', () => runtime.routes.list()),
    server: read('read the HTTP server', () => runtime.routes.server),
    bot: () => {
      const m = host('read the bot status')
      return { status: m.status(), platform: runtime.info.platform, counters: m.counters() }
    },
  }
}
