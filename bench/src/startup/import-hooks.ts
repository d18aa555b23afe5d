/**
 * Module hooks (loaded with `module.register` by `import-recorder`): reports every module resolved
 * from a `node_modules` folder, so that the start-up suite knows which dependencies the bot loads.
 */
import type { MessagePort } from 'node:worker_threads'

let port: MessagePort | undefined

/** Receives the port to report on. */
export function initialize(data: { port: MessagePort }): void {
  port = data.port
}

/** Resolves as usual and reports resolved dependency files. */
export async function resolve(
  specifier: string,
  context: unknown,
  next: (specifier: string, context: unknown) => Promise<{ url: string }>,
): Promise<{ url: string }> {
  const result = await next(specifier, context)
  if (result.url.includes('/node_modules/')) port?.postMessage(result.url)
  return result
}
