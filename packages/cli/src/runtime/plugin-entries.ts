import type { PluginEntry } from '@banter/core'
import type { BanterConfig } from '../config/config-schema.js'

/**
 * The plugin entries a configuration names, in order: each `plugins` key with its options (keys set
 * to `false` are off), then every folder of `pluginDirs`.
 */
export function pluginEntries(config: BanterConfig): PluginEntry[] {
  const entries: PluginEntry[] = []
  for (const [specifier, options] of Object.entries(config.plugins)) {
    if (options === false) continue
    entries.push([specifier, options ?? undefined])
  }
  for (const dir of config.pluginDirs) entries.push(dir)
  return entries
}
