import type { HttpMethod, HttpResponse, PluginManagement, UiComponent } from '@banter/core'

/**
 * Routes a plugin's pages and widgets name, as `METHOD /path` (row actions as patterns with
 * `:field` segments): the only ones the dashboard calls.
 */
export function declaredRoutes(admin: PluginManagement, plugin: string): Set<string> {
  const components: UiComponent[] = [
    ...admin.ui.pages(plugin).flatMap((p) => p.body),
    ...admin.ui.widgets(plugin).flatMap((w) => w.body),
  ]
  const out = new Set<string>()
  for (const c of components) {
    if (typeof c.route !== 'string') continue
    const method = typeof c.method === 'string' ? c.method : 'GET'
    out.add(`${method} ${c.route}`)
    for (const action of (c.rowActions as { route: string; method: string }[] | undefined) ?? [])
      out.add(`${action.method} ${action.route}`)
  }
  return out
}

function declares(declared: ReadonlySet<string>, method: string, path: string): boolean {
  for (const entry of declared) {
    const at = entry.indexOf(' ')
    if (entry.slice(0, at) === method && match(entry.slice(at + 1), path)) return true
  }
  return false
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, part] of want.entries()) {
    const value = got[i] as string
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value)
    else if (part !== value) return undefined
  }
  return params
}

/**
 * Calls one of a plugin's own routes for its contributed page (a table's rows, an action), as the
 * bot's HTTP server would, but only a route the plugin's components declare. `undefined` when there
 * is no such route.
 */
export async function callPluginRoute(
  admin: PluginManagement,
  plugin: string,
  method: HttpMethod,
  path: string,
  body: unknown,
): Promise<HttpResponse | undefined> {
  if (!declares(declaredRoutes(admin, plugin), method, path)) return undefined
  for (const entry of admin.routes()) {
    if (entry.kind !== 'route' || entry.plugin !== plugin || entry.route.method !== method) continue
    const params = match(entry.route.path, path)
    if (!params) continue
    return entry.route.handler({ method, path, params, query: {}, headers: {}, body })
  }
  return undefined
}
