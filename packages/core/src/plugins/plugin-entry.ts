import type { PluginClass } from './base-plugin.js'
import type { InferOptions } from './schema-types.js'

type SchemaOf<Cls> = Cls extends { readonly configSchema?: infer Schema } ? Schema : undefined

/**
 * The options a plugin class takes, as written in configuration: the input type of its static
 * `configSchema` (fields with defaults are optional), or `undefined` for a plugin without a schema.
 *
 * @example
 * ```ts
 * type Options = PluginOptions<typeof TimestampPlugin> // { timeZone?: string; format?: string; ... }
 * ```
 */
export type PluginOptions<Cls> = InferOptions<SchemaOf<Cls>>

/** The options argument of {@link plugin}: optional when the plugin can start without options. */
export type PluginOptionsArgument<Options> = undefined extends Options
  ? [options?: Options]
  : {} extends Options
    ? [options?: Options]
    : [options: Options]

/** A plugin class with its options, as {@link plugin} returns it; a `PluginEntry` for `createBot`. */
export type ConfiguredPlugin<Cls extends PluginClass = PluginClass> = readonly [
  plugin: Cls,
  options: PluginOptions<Cls> | undefined,
]

/**
 * Pairs a plugin class with its options for `createBot({ plugins })` or `createTestBot`, checking the
 * options at compile time against the input type of the plugin's `configSchema`. At run time the
 * options are validated by the schema as always; this only moves the mistakes you can see to the
 * editor.
 *
 * @example
 * ```ts
 * createBot({
 *   adapter,
 *   plugins: [plugin(TimestampPlugin, { timeZone: 'UTC' }), plugin(GreeterPlugin)],
 * })
 * plugin(TimestampPlugin, { timeZone: 42 }) // compile error: timeZone is a string
 * ```
 */
export function plugin<Cls extends PluginClass>(
  cls: Cls,
  ...options: PluginOptionsArgument<PluginOptions<Cls>>
): ConfiguredPlugin<Cls> {
  return [cls, options[0]]
}
