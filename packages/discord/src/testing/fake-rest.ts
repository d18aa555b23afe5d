import { APPLICATION_ROUTES } from './fake-rest-interactions.js'
import { MESSAGE_ROUTES } from './fake-rest-messages.js'
import { compileRoutes, findRoute, type Handler, type Params } from './fake-router.js'

const ROUTES = compileRoutes([...MESSAGE_ROUTES, ...APPLICATION_ROUTES])

/** Finds the REST route of a request: the handler with its path parameters, or `undefined`. */
export function matchRoute(
  method: string,
  path: string,
): { handler: Handler; params: Params; auth: boolean } | undefined {
  return findRoute(ROUTES, method, path)
}
