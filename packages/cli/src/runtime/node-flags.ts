import type { BanterConfig } from '../config/config-schema.js'

/** Whether a configuration runs any plugin in an `isolate` (isolated-vm needs `--no-node-snapshot` on Node 20). */
export function needsIsolates(config: BanterConfig): boolean {
  return Object.values(config.sandbox).some((entry) => entry.isolation === 'isolate')
}

/**
 * Restarts this command under `node --no-node-snapshot` when the configuration runs a plugin in an
 * isolate and the flag is missing, so that operators never have to pass it themselves. Resolves to
 * the child's exit code when it relaunched, `undefined` when this process can go on.
 */
export async function relaunchForIsolates(config: BanterConfig): Promise<number | undefined> {
  if (!needsIsolates(config) || process.execArgv.includes('--no-node-snapshot')) return undefined
  const sandbox = (await import('@banter/sandbox')) as {
    relaunchWithNodeFlags(): Promise<number | undefined>
  }
  return sandbox.relaunchWithNodeFlags()
}
