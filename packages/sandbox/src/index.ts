export { SANDBOX_ERRORS, type SandboxErrorCode, sandboxError } from './errors.js'
export { hostAllowed, MAX_REDIRECTS } from './host/network-policy.js'
export { hasNodeFlags, NO_NODE_SNAPSHOT, relaunchWithNodeFlags } from './host/node-flags.js'
export { type GuestUsage, sandboxUsage } from './host/usage.js'
export { sandboxProvider } from './provider.js'
export {
  type ResolvedSettings,
  resolveSettings,
  SANDBOX_DEFAULTS,
  sandboxConfigSchema,
  sandboxSettingsSchema,
} from './settings.js'
