import {
  BasePlugin,
  type PluginClass,
  type PluginContext,
  type PluginManifest,
  type PluginTimeouts,
  SANDBOXED,
  type SandboxSettings,
  type StandardSchemaV1,
} from '@banter/core'
import type { ResolvedSettings } from '../settings.js'
import type { ExportInfo } from '../wire/protocol.js'
import type { GuestProgram } from './guest-program.js'
import { PluginSandbox } from './plugin-sandbox.js'

/** What a proxy class is made from. */
export interface ProxySpec {
  readonly program: GuestProgram
  readonly exported: ExportInfo
  /** The settings as configured (kept on the class for reloads). */
  readonly configured: SandboxSettings
  readonly settings: ResolvedSettings
  readonly timeouts: PluginTimeouts
}

/** A Standard Schema that checks options with the plugin's own schema, inside a guest. */
function guestSchema(program: GuestProgram, key: string): StandardSchemaV1 {
  return {
    '~standard': {
      version: 1,
      vendor: 'banter-sandbox',
      validate: (value) => program.validate(key, value),
    },
  }
}

/**
 * The host-side stand-in for a sandboxed plugin: a `BasePlugin` subclass with the guest plugin's
 * manifest and a schema that validates inside the guest. The plugin manager treats it like any
 * plugin; its `initialize` starts the guest and gives the instance exactly the hooks the guest
 * plugin has (`onMessageReceived`, `onMessageSent`, `run`), each forwarded.
 */
export function createProxyClass(spec: ProxySpec): PluginClass {
  const manifest = Object.freeze({ ...spec.exported.manifest }) as unknown as PluginManifest
  const configSchema = spec.exported.hasSchema ? guestSchema(spec.program, spec.exported.key) : undefined
  const hookMs = typeof manifest.hookTimeoutMs === 'number' ? manifest.hookTimeoutMs : spec.timeouts.hookMs
  const declared = (manifest as { emits?: unknown }).emits
  const emits = Array.isArray(declared) ? declared.filter((e): e is string => typeof e === 'string') : []

  class SandboxedPlugin extends BasePlugin<unknown> {
    static manifest = manifest
    static configSchema = configSchema
    static [SANDBOXED] = spec.configured
    #sandbox: PluginSandbox | undefined

    override async initialize(ctx: PluginContext<unknown>): Promise<void> {
      const sandbox = new PluginSandbox(spec.program, spec.exported.key, ctx, {
        settings: spec.settings,
        timeouts: spec.timeouts,
        hookMs,
        emits,
      })
      const hooks = await sandbox.start()
      this.#sandbox = sandbox
      if (hooks.received) this.onMessageReceived = (message) => sandbox.inbound(message)
      if (hooks.sent) this.onMessageSent = (message) => sandbox.outbound(message)
      if (hooks.run) this.run = (signal) => sandbox.run(signal)
    }

    override async destroy(): Promise<void> {
      await this.#sandbox?.stop()
    }

    /** The heap the plugin's guest uses, in bytes (`undefined` when it is not running). */
    heapUsed(): Promise<number | undefined> {
      return this.#sandbox?.heapUsed() ?? Promise.resolve(undefined)
    }
  }
  Object.defineProperty(SandboxedPlugin, 'name', { value: `Sandboxed(${manifest.name})` })
  return SandboxedPlugin as unknown as PluginClass
}
