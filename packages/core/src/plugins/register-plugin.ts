import { validateOptions } from '../config/validate-options.js'
import { BanterError } from '../errors/banter-error.js'
import { PermissionSet } from '../permissions/permissions.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PluginClass } from './base-plugin.js'
import { validateManifest } from './manifest.js'
import { PluginRecord } from './plugin-record.js'

/**
 * Checks a plugin class and its options and builds its record: the manifest, the permissions the
 * operator grants, the options validated by the plugin's schema. Throws a BanterError naming what is
 * wrong; the plugin manager turns that into a record in `error`.
 */
export async function registerPlugin(
  runtime: Runtime,
  cls: PluginClass,
  options: unknown,
  source: string,
  order: number,
): Promise<PluginRecord> {
  const manifest = validateManifest(cls.manifest, cls.name || source)
  const overrides = runtime.permissionOverrides
  const override = overrides[manifest.name] ?? (source !== 'class' ? overrides[source] : undefined)
  const permissions = new PermissionSet(
    manifest.name,
    manifest.permissions,
    override,
    manifest.optionalPermissions ?? [],
  )
  const config = await validateOptions(manifest.name, cls.configSchema, options)
  const record = new PluginRecord(
    cls,
    manifest,
    options,
    permissions,
    source,
    order,
    manifest.hookTimeoutMs ?? runtime.timeouts.hookMs,
  )
  record.config = config
  return record
}

/**
 * The error of a plugin whose required permission the operator took away, found at load rather than
 * at first use; `undefined` when every required permission is granted.
 */
export function withheldPermissions(runtime: Runtime, record: PluginRecord): BanterError | undefined {
  const withheld = record.permissions.withheld()
  if (withheld.length === 0) return undefined
  const override = runtime.permissionOverrides[record.name] ?? runtime.permissionOverrides[record.source]
  const key = runtime.permissionOverrides[record.name] ? record.name : record.source
  const where = withheld
    .map((permission) =>
      override?.deny?.includes(permission)
        ? `"${permission}" (denied at permissions.${key}.deny)`
        : `"${permission}" (not in permissions.${key}.allow)`,
    )
    .join(', ')
  return new BanterError(
    'PERMISSION_DENIED',
    `plugin "${record.name}" needs ${where}, which the bot configuration takes away, so it was not started`,
    {
      plugin: record.name,
      details: { permissions: withheld, configPath: ['permissions', key] },
      hint: `Grant the permission again in the bot configuration, or remove the plugin; a plugin that can do without a permission lists it under \`optionalPermissions\` in its manifest.`,
    },
  )
}

/** Throws `PLUGIN_ALREADY_LOADED` when a plugin of that name is loaded. */
export function assertNameFree(records: ReadonlyMap<string, PluginRecord>, name: string): void {
  const existing = records.get(name)
  if (existing) {
    throw new BanterError(
      'PLUGIN_ALREADY_LOADED',
      `plugin "${name}" is already loaded (from ${existing.source})`,
      { plugin: name },
    )
  }
}
