/** A no-op plugin hook or listener: returns nothing ("unchanged"), maybe through a promise. */
export type NoopFunction = (arg: unknown) => undefined | Promise<undefined>

const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => NoopFunction

/**
 * `count` no-op functions with distinct source code, so that each is a separate function to V8 (as
 * separate plugins are) rather than closures of one function literal that V8 could inline as one.
 * They return `undefined`: "nothing changed".
 */
export function noopFunctions(count: number, async: boolean, tag = 'noop'): NoopFunction[] {
  const functions: NoopFunction[] = []
  for (let i = 0; i < count; i++) {
    const body = `/* ${tag} ${i} */ return undefined`
    functions.push(
      async ? new AsyncFunction('message', body) : (new Function('message', body) as NoopFunction),
    )
  }
  return functions
}
