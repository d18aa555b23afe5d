import { BanterError } from '../errors/banter-error.js'

/**
 * Throws `PLUGIN_EXPORTS_INVALID` when a plugin's `configSchema` is present but not a Standard Schema
 * (zod, valibot, arktype, ...), so the mistake is named at load instead of failing inside validation.
 */
export function assertConfigSchema(schema: unknown, plugin: string): void {
  if (schema === undefined) return
  const standard = (schema as { '~standard'?: unknown } | null)?.['~standard']
  if (typeof standard === 'object' && standard !== null) return
  throw new BanterError(
    'PLUGIN_EXPORTS_INVALID',
    `plugin "${plugin}": configSchema is not a Standard Schema (it has no "~standard" property)`,
    {
      plugin,
      hint: 'Use zod (`z.object({...})`, exported by @banter/core) or another Standard Schema library.',
    },
  )
}

/**
 * A name in kebab-case, as plugin names are written: `shoutBack`, `Shout_Back` and `shout back` all
 * become `shout-back`. Written by hand: three regular expressions do not justify a dependency.
 */
export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
}

/** A class name for a plugin made from another shape: `shout-back` becomes `ShoutBackPlugin`. */
export function pluginClassName(name: string): string {
  const pascal = kebabCase(name)
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  return `${pascal || 'Anonymous'}Plugin`
}
