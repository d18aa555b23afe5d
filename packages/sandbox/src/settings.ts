import { type SandboxSettings, z } from '@banter/core'
import { sandboxError } from './errors.js'

/** Sandbox settings with every default filled in. */
export interface ResolvedSettings {
  /** `worker` or `isolate`. */
  readonly isolation: 'worker' | 'isolate'
  /** Heap limit in MB. */
  readonly memoryMb: number
  /** Budget of one call in ms: CPU time in an isolate, time the worker may stay busy in a worker. */
  readonly cpuMs: number
  /** Hosts `ctx.fetch` may reach; `undefined` means any host (the `network` permission still applies). */
  readonly network: readonly string[] | undefined
}

/** Defaults per mode. An isolate is for third-party code: no host is reachable unless listed. */
export const SANDBOX_DEFAULTS = {
  worker: { memoryMb: 128, cpuMs: 1000, network: undefined },
  isolate: { memoryMb: 64, cpuMs: 1000, network: [] as readonly string[] },
} as const

const HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i

/**
 * The schema of one `sandbox` entry (zod), for configuration checks: `isolation`, `memoryMb`
 * (8 to 4096), `cpuMs` (1 to 600000), `network` (host names, `*.` wildcards, optional port).
 */
export const sandboxSettingsSchema = z.strictObject({
  isolation: z.enum(['inline', 'worker', 'isolate']),
  memoryMb: z.number().int().min(8).max(4096).optional(),
  cpuMs: z.number().int().min(1).max(600_000).optional(),
  network: z
    .array(z.string().regex(HOST, 'must be a host name (example.com, *.example.com, 127.0.0.1:8080)'))
    .optional(),
})

/** The schema of the whole `sandbox` map, keyed by plugin key or manifest name. */
export const sandboxConfigSchema = z.record(z.string(), sandboxSettingsSchema)

/** Checks one entry and fills in the defaults; throws `SANDBOX_SETTINGS_INVALID` naming the key. */
export function resolveSettings(key: string, settings: SandboxSettings): ResolvedSettings {
  const parsed = sandboxSettingsSchema.safeParse(settings)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `sandbox.${key}.${i.path.join('.')}: ${i.message}`)
    throw sandboxError('SANDBOX_SETTINGS_INVALID', lines.join('\n'), { details: { key } })
  }
  const { isolation, memoryMb, cpuMs, network } = parsed.data
  if (isolation === 'inline') {
    throw sandboxError('SANDBOX_SETTINGS_INVALID', `sandbox.${key}: isolation "inline" needs no sandbox`)
  }
  const defaults = SANDBOX_DEFAULTS[isolation]
  return {
    isolation,
    memoryMb: memoryMb ?? defaults.memoryMb,
    cpuMs: cpuMs ?? defaults.cpuMs,
    network: network ?? defaults.network,
  }
}
