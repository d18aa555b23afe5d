import { resolve } from 'node:path'
import { isBanterError, loadPluginModule, validateManifest, validateOptions } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { APP_DIR } from '../runtime/app-dir.js'
import type { CliIo } from './io.js'

/**
 * `banter plugin validate <specifier>`: loads a plugin in isolation and checks its exports, manifest,
 * permissions and options schema, then starts it alone on a test bot. Prints a line per check; exit 1
 * on any problem.
 */
export async function runPluginValidate(
  specifier: string,
  io: CliIo,
  options: { readonly options?: unknown; readonly baseDir?: string } = {},
): Promise<number> {
  const problems: string[] = []
  const ok = (text: string) => io.out(`✓ ${text}`)
  const bad = (text: string) => {
    problems.push(text)
    io.err(`✗ ${text}`)
  }
  let loaded: Awaited<ReturnType<typeof loadPluginModule>>
  try {
    loaded = await loadPluginModule(specifier, resolve(options.baseDir ?? '.'), false, [APP_DIR])
  } catch (error) {
    bad(isBanterError(error) ? error.message : String(error))
    return 1
  }
  ok(`${loaded.source} exports ${loaded.classes.length} plugin${loaded.classes.length > 1 ? 's' : ''}`)
  for (const entry of loaded.skipped ?? []) io.out(`- skipped ${entry.path}: ${entry.reason}`)
  for (const entry of loaded.failed ?? []) bad(`${entry.path}: ${entry.error.message}`)
  for (const cls of loaded.classes) {
    let name = cls.name
    try {
      const manifest = validateManifest(cls.manifest, cls.name)
      name = manifest.name
      ok(
        `${name}: manifest (version ${manifest.version}, permissions: ${manifest.permissions.join(', ') || 'none'})`,
      )
    } catch (error) {
      bad(isBanterError(error) ? error.message : String(error))
      continue
    }
    if (
      cls.configSchema !== undefined &&
      typeof (cls.configSchema as { '~standard'?: unknown })['~standard'] !== 'object'
    ) {
      bad(`${name}: static configSchema is not a Standard Schema (use zod: z.object({...}))`)
      continue
    }
    try {
      await validateOptions(name, cls.configSchema, options.options)
      ok(
        `${name}: options schema ${cls.configSchema ? 'accepts the defaults' : '(none: the plugin takes no options)'}`,
      )
    } catch (error) {
      bad(
        `${name}: default options are refused (the plugin needs options, pass them in config):\n  ${(error as Error).message}`,
      )
      continue
    }
    const bot = await createTestBot({ plugins: [[cls, options.options]] })
    const info = bot.plugins.get(name)
    await bot.stop()
    if (info?.status === 'active') ok(`${name}: starts on a test bot`)
    else bad(`${name}: does not start: ${info?.error?.message ?? info?.status}`)
  }
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
    // A package that exports its plugin class by name only is hard to load by name from config;
    // definePlugin objects and modules of hook functions need no default export of a class.
    const module = (await import(loaded.source).catch(() => ({}))) as Record<string, unknown>
    const exportedClass = loaded.classes.find((cls) => Object.values(module).includes(cls))
    if (exportedClass && module.default === undefined)
      bad(
        `${loaded.source}: export the plugin as the default export too (export default ${exportedClass.name})`,
      )
  }
  io.out(
    problems.length === 0
      ? '\nAll checks passed.'
      : `\n${problems.length} problem${problems.length > 1 ? 's' : ''}.`,
  )
  return problems.length === 0 ? 0 : 1
}
