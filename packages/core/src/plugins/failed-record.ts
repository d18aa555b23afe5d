import { BanterError, isBanterError } from '../errors/banter-error.js'
import { PermissionSet } from '../permissions/permissions.js'
import type { PluginClass } from './base-plugin.js'
import { PluginRecord } from './plugin-record.js'

/**
 * The record of a configured plugin that could not even be registered (not found, bad exports, bad
 * manifest or options), so that `bot.plugins.list()` shows it in `error` with why, under its manifest
 * name when it has one, else under the specifier the config used.
 */
export function failedRecord(
  cls: PluginClass | undefined,
  label: string,
  cause: unknown,
  order: number,
): PluginRecord {
  const error = isBanterError(cause)
    ? cause
    : new BanterError(
        'PLUGIN_EXPORTS_INVALID',
        `plugin "${label}" could not be loaded: ${(cause as Error).message}`,
        { cause },
      )
  const rawName = (cls?.manifest as { name?: unknown } | undefined)?.name
  const name = typeof rawName === 'string' && rawName ? rawName : label
  const manifest = { name, version: '0.0.0', description: '(failed to load)', permissions: [] }
  const record = new PluginRecord(
    cls ?? (class {} as never),
    manifest,
    undefined,
    new PermissionSet(name, []),
    label,
    order,
    0,
  )
  record.fail(error)
  return record
}
