import { BanterError } from '@banter/core/guest'

/**
 * The permanent error codes of `@banter/sandbox`, each with what to do about it. Faults of a guest
 * (`SANDBOX_TIMEOUT`, `SANDBOX_MEMORY`, `SANDBOX_CRASHED`) reach the bot as `plugin.error` with that
 * code; the guest is restarted, and repeated faults trip the circuit breaker.
 */
export const SANDBOX_ERRORS = {
  SANDBOX_TIMEOUT:
    'The plugin ran longer than its budget (`cpuMs`, or its hook timeout for a call that never answered): make the work smaller or raise the limit in `sandbox`.',
  SANDBOX_MEMORY:
    'The plugin used more memory than `memoryMb`: raise the limit in `sandbox`, or fix what keeps growing.',
  SANDBOX_CRASHED:
    'The guest stopped (its code threw where nothing could catch it, or it exited); read the cause, fix the plugin, then enable it again.',
  SANDBOX_SOURCE_MISSING:
    'Load the plugin by path or package name (`plugins: ["./plugins/dice.ts"]`): a class given in code has no file to load in a worker or an isolate.',
  SANDBOX_LOAD_FAILED:
    'The plugin could not be loaded in its guest: read the cause. In `isolate` there are no Node APIs; a plugin that needs them runs in `worker` (or `inline`).',
  SANDBOX_SETTINGS_INVALID: 'Fix the `sandbox` entry named in the message (see docs/sandbox.md).',
  SANDBOX_UNSUPPORTED:
    'This part of the plugin context does not cross the sandbox boundary; run the plugin `inline` or `worker` if it needs it (see docs/sandbox.md).',
  SANDBOX_NETWORK_DENIED:
    "Add the host to the plugin's `network` list in `sandbox` if the plugin may reach it.",
  SANDBOX_NODE_FLAG:
    'Run node with --no-node-snapshot (the banter CLI restarts itself with it; see `relaunchWithNodeFlags`).',
  SANDBOX_STOPPED: 'The plugin stopped; enable it again (`bot.plugins.enable(name)`).',
} as const

/** A code from {@link SANDBOX_ERRORS}. */
export type SandboxErrorCode = keyof typeof SANDBOX_ERRORS

/** Builds a {@link BanterError} of the sandbox with the catalogue's hint. */
export function sandboxError(
  code: SandboxErrorCode,
  message: string,
  options: { cause?: unknown; plugin?: string; details?: Record<string, unknown> } = {},
): BanterError {
  return new BanterError(code, message, { ...options, hint: SANDBOX_ERRORS[code] })
}
