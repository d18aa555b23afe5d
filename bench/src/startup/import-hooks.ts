/**
 * Module hooks (loaded with `module.register` by `import-recorder`): reports every module file resolved,
 * and when, so that the start-up suite knows which dependencies the bot
 * loads before it is ready.
 */
import type { MessagePort } from 'node:worker_threads'

let port: MessagePort | undefined

/** Receives the port to report on. */
export function initialize(data: { port: MessagePort }): void {
  port = data.port
}

/** Resolves as usual and reports resolved dependency files, with when (ms since the epoch). */
export async function resolve(
  specifier: string,
  context: unknown,
  next: (specifier: string, context: unknown) => Promise<{ url: string }>,
): Promise<{ url: string }> {
  const result = await next(specifier, context)
  if (result.url.startsWith('file:'))
    port?.postMessage([performance.timeOrigin + performance.now(), result.url])
  return result
}
