import type { StandardSchemaV1 } from '../config/standard-schema.js'

/**
 * The config a plugin receives (`ctx.config`) from its options schema: the schema's output type
 * (defaults filled in, values transformed), or `Record<string, never>` for a plugin without a schema.
 *
 * @example
 * ```ts
 * const schema = z.object({ timeZone: z.string().default('UTC') })
 * type Config = InferConfig<typeof schema> // { timeZone: string }
 * ```
 */
export type InferConfig<Schema> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : Record<string, never>

/**
 * The options an operator writes for a plugin, from its options schema: the schema's input type
 * (fields with defaults optional), or `undefined` for a plugin without a schema.
 *
 * @example
 * ```ts
 * const schema = z.object({ timeZone: z.string().default('UTC') })
 * type Options = InferOptions<typeof schema> // { timeZone?: string | undefined }
 * ```
 */
export type InferOptions<Schema> = Schema extends StandardSchemaV1
  ? NonNullable<Schema['~standard']['types']>['input']
  : undefined
