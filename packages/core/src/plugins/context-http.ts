import { BanterError } from '../errors/banter-error.js'
import type { HttpAuth, HttpRoute, NodeHttpHandler } from '../http/http-route.js'
import { FAILED } from '../runtime/guard.js'
import { HandlerSlot } from '../runtime/handler-slot.js'
import type { ContextKit } from './context-kit.js'
import type { PluginHttp } from './plugin-context.js'

/**
 * A plugin's HTTP (`ctx.http`): routes under `/plugins/<name>`, each guarded like any handler (a route
 * that keeps failing is switched off alone), and raw mounts for dashboards.
 */
export function createPluginHttp(kit: ContextKit): PluginHttp {
  const { record, runtime, track, check, alive } = kit
  const name = record.name
  const guardedRoute = (route: HttpRoute): (() => void) => {
    let off: (() => void) | undefined
    let disposed = false
    const add = () => {
      off = track(runtime.routes.add({ kind: 'route', plugin: name, route: wrapped }))
    }
    const slot = new HandlerSlot(
      `route:${route.method} ${route.path}`,
      'route',
      () => off?.(),
      // Back after the breaker's cool-down, unless the plugin removed the route meanwhile.
      () => {
        if (disposed) return 'gone'
        add()
        return 'on'
      },
    )
    const wrapped: HttpRoute = {
      ...route,
      handler: async (request) => {
        const result = runtime.guard.call(
          record,
          slot.label,
          route.handler,
          route,
          request,
          record.timeoutMs,
          slot,
        )
        const value = result instanceof Promise ? await result : result
        if (value === FAILED) {
          throw new BanterError('HOOK_FAILED', `plugin "${name}": ${slot.label} failed`, { plugin: name })
        }
        return value
      },
    }
    add()
    return () => {
      disposed = true
      off?.()
    }
  }
  return {
    route(route: HttpRoute) {
      alive('serve HTTP')
      check('http', 'serve HTTP routes')
      return guardedRoute(route)
    },
    mount(
      path: string,
      handler: NodeHttpHandler,
      options?: { readonly auth?: HttpAuth; readonly root?: boolean },
    ) {
      alive('serve HTTP')
      check('http', 'mount HTTP handlers')
      if (options?.root) check('manage', 'mount HTTP handlers at the root')
      const root = options?.root ? { root: true } : {}
      return track(
        runtime.routes.add({
          kind: 'mount',
          plugin: name,
          path,
          handler,
          auth: options?.auth ?? 'none',
          ...root,
        }),
      )
    },
  }
}
