import { BanterError } from '../errors/banter-error.js'
import { isPluginClass, type PluginClass } from './base-plugin.js'
import { definePlugin, isPluginDefinition } from './define-plugin.js'
import { functionPlugin, hasHookExports, MODULE_HOOKS, type PluginModuleOrigin } from './function-plugin.js'
import type { ModuleExports } from './module-import.js'

/** Why a module is not a plugin, in the words the loader reports. */
export const NO_PLUGIN = `exports no plugin: no plugin class, no definePlugin() object and no hook function (${MODULE_HOOKS.join(', ')})`

function pluginClasses(exports: ModuleExports): PluginClass[] {
  const found: PluginClass[] = []
  for (const value of [exports.default, ...Object.values(exports)])
    if (isPluginClass(value) && !found.includes(value)) found.push(value)
  return found
}

/**
 * The plugins a module exports, each as a plugin class, whatever its shape:
 * 1. plugin classes (`BasePlugin` subclasses, `definePlugin()` results, or any class with a static
 *    `manifest` and an `initialize` method), the default export first, then every named export;
 * 2. else a default-exported plain object `{ manifest, setup?, onMessageReceived?, ... }`, as
 *    `definePlugin` takes it;
 * 3. else the module itself when it exports hook functions (`initialize`, `onMessageReceived`,
 *    `onMessageSent`, `run`), with `origin` giving the defaults of its manifest.
 *
 * Returns `[]` for a module that exports no plugin. Throws when a module is meant as a plugin but is
 * broken: a `manifest` with no hook, a hook without its permission, a `configSchema` that is not a
 * schema.
 */
export function modulePlugins(exports: ModuleExports, origin: PluginModuleOrigin): PluginClass[] {
  const classes = pluginClasses(exports)
  if (classes.length > 0) return classes
  if (isPluginDefinition(exports.default)) return [definePlugin(exports.default)]
  if (hasHookExports(exports)) return [functionPlugin(exports, origin)]
  if (exports.manifest !== undefined) {
    throw new BanterError(
      'PLUGIN_EXPORTS_INVALID',
      `${origin.path} exports a manifest but no plugin: no hook function (${MODULE_HOOKS.join(', ')}), no plugin class and no definePlugin() object`,
      { hint: 'Export at least one hook function, such as `export function initialize(ctx) { ... }`.' },
    )
  }
  return []
}
