import { spawn } from 'node:child_process'
import { sandboxError } from '../errors.js'

/** The flag isolated-vm needs on Node 20 and later. */
export const NO_NODE_SNAPSHOT = '--no-node-snapshot'

/** Whether this process runs with the Node flags `isolate` mode needs (`--no-node-snapshot` on Node ≥ 20). */
export function hasNodeFlags(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): boolean {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 20) return true
  return execArgv.includes(NO_NODE_SNAPSHOT) || nodeOptions.split(/\s+/).includes(NO_NODE_SNAPSHOT)
}

/** Throws `SANDBOX_NODE_FLAG` unless {@link hasNodeFlags}. */
export function assertNodeFlags(): void {
  if (hasNodeFlags()) return
  throw sandboxError(
    'SANDBOX_NODE_FLAG',
    `isolate mode needs node ${NO_NODE_SNAPSHOT} on Node ${process.versions.node} (isolated-vm crashes without it)`,
  )
}

/**
 * Restarts the current command under `node --no-node-snapshot` when it lacks the flag, for CLIs
 * whose configuration uses `isolate`: the child inherits stdio, the environment and signals, and the
 * returned promise resolves to its exit code (call `process.exit` with it). Resolves to `undefined`
 * without starting anything when the flag is already there.
 *
 * @example
 * ```ts
 * if (config.usesIsolate) {
 *   const code = await relaunchWithNodeFlags()
 *   if (code !== undefined) process.exit(code)
 * }
 * ```
 */
export function relaunchWithNodeFlags(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
): Promise<number | undefined> {
  if (hasNodeFlags(execArgv)) return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, NO_NODE_SNAPSHOT, ...argv.slice(1)], {
      stdio: 'inherit',
      env: process.env,
    })
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const)
    for (const [signal, handler] of handlers) process.on(signal, handler)
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler)
    }
    child.on('error', (error) => {
      cleanup()
      reject(error)
    })
    child.on('exit', (code, signal) => {
      cleanup()
      resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1))
    })
  })
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGKILL: 9 } as Record<string, number>)[signal]
}
