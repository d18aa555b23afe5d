import type { StandardSchemaV1 } from '@banter/core'
import { plainData } from '../wire/plain-data.js'
import type { ExportInfo } from '../wire/protocol.js'

/** A plugin instance as the guest drives it: the methods of `BasePlugin`, all optional but `initialize`. */
export interface GuestInstance {
  attach?(ctx: unknown): void
  initialize(ctx: unknown): unknown
  destroy?(): unknown
  onMessageReceived?(message: unknown): unknown
  onMessageSent?(message: unknown): unknown
  run?(signal: AbortSignal): Promise<unknown>
}

/** A plugin found in the loaded module. */
export interface GuestPlugin {
  readonly key: string
  readonly manifest: Record<string, unknown>
  readonly configSchema: StandardSchemaV1 | undefined
  create(): GuestInstance
}

type AnyRecord = Record<string, unknown>

const isObject = (value: unknown): value is AnyRecord => typeof value === 'object' && value !== null
const HOOKS = ['onMessageReceived', 'onMessageSent', 'run'] as const

function schemaOf(value: unknown): StandardSchemaV1 | undefined {
  return isObject(value) || typeof value === 'function'
    ? isObject((value as AnyRecord)['~standard'])
      ? (value as unknown as StandardSchemaV1)
      : undefined
    : undefined
}

/** A plugin class (duck-typed like core's `isPluginClass`). */
function fromClass(key: string, value: unknown): GuestPlugin | undefined {
  if (typeof value !== 'function') return undefined
  const cls = value as unknown as AnyRecord & { new (): GuestInstance; prototype: AnyRecord }
  if (!isObject(cls.manifest) || typeof cls.prototype?.initialize !== 'function') return undefined
  return { key, manifest: cls.manifest, configSchema: schemaOf(cls.configSchema), create: () => new cls() }
}

/**
 * An object plugin: `{ manifest, configSchema?, setup(ctx) }` (whose `setup` may return a disposer),
 * or an object with `initialize`, plus optional hooks.
 */
function fromObject(key: string, value: unknown): GuestPlugin | undefined {
  if (!isObject(value) || !isObject(value.manifest)) return undefined
  const setup = value.setup ?? value.initialize
  if (typeof setup !== 'function') return undefined
  return {
    key,
    manifest: value.manifest,
    configSchema: schemaOf(value.configSchema),
    create: () => wrapFunctions(value, setup as (ctx: unknown) => unknown),
  }
}

/** A module of hook functions (`export function onMessageReceived`), named after its file. */
function fromModule(module: AnyRecord, fileName: string): GuestPlugin | undefined {
  const hasHook = [...HOOKS, 'initialize', 'setup'].some((hook) => typeof module[hook] === 'function')
  if (!hasHook) return undefined
  const name = fileName.replace(/\.[mc]?[jt]s$/, '').replace(/^.*[\\/]/, '')
  const manifest = {
    name,
    version: '0.0.0',
    description: `plugin module ${name}`,
    permissions: [],
    ...(isObject(module.manifest) ? module.manifest : {}),
  }
  const setup = (module.setup ?? module.initialize ?? (() => undefined)) as (ctx: unknown) => unknown
  return {
    key: 'module',
    manifest,
    configSchema: schemaOf(module.configSchema),
    create: () => wrapFunctions(module, setup),
  }
}

function wrapFunctions(source: AnyRecord, setup: (ctx: unknown) => unknown): GuestInstance {
  let dispose: unknown
  const instance: GuestInstance = {
    async initialize(ctx) {
      dispose = await setup.call(source, ctx)
    },
    destroy() {
      const own = source.destroy
      if (typeof dispose === 'function') return (dispose as () => unknown)()
      if (typeof own === 'function') return own.call(source)
      return undefined
    },
  }
  for (const hook of HOOKS) {
    const fn = source[hook]
    if (typeof fn === 'function') (instance as unknown as AnyRecord)[hook] = fn.bind(source)
  }
  return instance
}

/** Every plugin a module exports: classes and object plugins (default export first), else a module of hooks. */
export function findPlugins(module: AnyRecord, fileName: string): GuestPlugin[] {
  const found: GuestPlugin[] = []
  const seen = new Set<unknown>()
  const entries: [string, unknown][] = [['default', module.default], ...Object.entries(module)]
  for (const [key, value] of entries) {
    if (value === undefined || seen.has(value)) continue
    seen.add(value)
    const plugin = fromClass(key, value) ?? fromObject(key, value)
    if (plugin) found.push(plugin)
  }
  if (found.length > 0) return found
  const hooks = fromModule(module, fileName)
  return hooks ? [hooks] : []
}

/** What the host needs to know of each plugin. */
export function describe(plugins: readonly GuestPlugin[]): ExportInfo[] {
  return plugins.map((p) => ({
    key: p.key,
    manifest: plainData(p.manifest) as Record<string, unknown>,
    hasSchema: p.configSchema !== undefined,
  }))
}
