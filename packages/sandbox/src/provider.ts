import type { PluginClass, SandboxProvider, SandboxRequest } from '@banter/core'
import { BanterError } from '@banter/core'
import { sandboxError } from './errors.js'
import { GuestProgram } from './host/guest-program.js'
import { createProxyClass } from './host/proxy-plugin.js'
import { resolveSource } from './host/resolve-source.js'
import { type ResolvedSettings, resolveSettings } from './settings.js'

async function classesIn(file: string, settings: ResolvedSettings, request: SandboxRequest, fresh: boolean) {
  const program = await GuestProgram.create(file, settings, request.timeouts, request.logger, fresh)
  const exported = await program.probe()
  return exported.map((info) =>
    createProxyClass({
      program,
      exported: info,
      configured: request.settings,
      settings,
      timeouts: request.timeouts,
    }),
  )
}

/**
 * What core calls (through its sandbox hook) for plugins configured with `isolation: worker` or
 * `isolate`: `load` reads a specifier's plugins inside guests (their code never runs in the bot's
 * process) and returns proxy classes; `wrap` does the same for a class the bot already imported,
 * from the file it came from.
 */
export const sandboxProvider: SandboxProvider = {
  async load(specifier, request) {
    const settings = resolveSettings(request.key, request.settings)
    const { files, source } = await resolveSource(specifier, request.baseDir, request.resolvePaths)
    const classes: PluginClass[] = []
    for (const file of files) classes.push(...(await classesIn(file, settings, request, request.fresh)))
    if (classes.length === 0) {
      throw new BanterError('PLUGIN_EXPORTS_INVALID', `"${source}" exports no plugin class`, {
        details: { source },
      })
    }
    return { classes, source }
  },

  async wrap(pluginClass, source, request) {
    const name = pluginClass.manifest.name
    const settings = resolveSettings(request.key, request.settings)
    if (source === 'class') {
      throw sandboxError(
        'SANDBOX_SOURCE_MISSING',
        `plugin "${name}" is configured for isolation "${settings.isolation}", but it was given as a class, which has no file to load in a guest`,
        { plugin: name },
      )
    }
    if (settings.isolation === 'isolate') {
      request.logger.warn(
        { plugin: name, source },
        `plugin "${name}" is sandboxed by its manifest name, so its module was loaded in the bot's process once to read that name; key its sandbox entry by "${source}" to keep its code out of the process`,
      )
    }
    const { files } = await resolveSource(source, request.baseDir, request.resolvePaths)
    for (const file of files) {
      const found = (await classesIn(file, settings, request, false)).find((c) => c.manifest.name === name)
      if (found) return found
    }
    throw new BanterError('PLUGIN_EXPORTS_INVALID', `"${source}" no longer exports plugin "${name}"`, {
      plugin: name,
    })
  },
}
