import { register } from 'node:module'

/**
 * Module resolve hooks (registered once, on the first `reload`): a module imported fresh as
 * `file.js?banter-reload=N` passes the same query to the files it imports by a relative path, so a
 * reload evaluates the plugin's own files again, not only its entry. Dependencies imported by
 * package name stay cached. Written as a `data:` URL so that it works from the built JavaScript and
 * from the TypeScript sources alike.
 */
const HOOKS = `
const RELOAD = /[?&]banter-reload=(\\d+)/
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  const parent = context.parentURL ? RELOAD.exec(context.parentURL) : null
  if (parent && (specifier.startsWith('./') || specifier.startsWith('../')) &&
      resolved.url.startsWith('file:') && !resolved.url.includes('?')) {
    return { ...resolved, url: resolved.url + '?banter-reload=' + parent[1] }
  }
  return resolved
}
`

let registered = false

/** Registers the hooks once per process; a runtime that cannot register them leaves reloads entry-only. */
export function registerReloadHooks(): void {
  if (registered) return
  registered = true
  try {
    register(`data:text/javascript,${encodeURIComponent(HOOKS)}`)
  } catch {
    // Older runtimes without module.register: a reload re-evaluates the entry file only.
  }
}
