import { z } from 'zod'
import type { OptionPath } from './option-paths.js'
import type { StandardSchemaV1 } from './standard-schema.js'

/** A JSON Schema document (draft 2020-12), as `z.toJSONSchema` produces it. */
export type JsonSchema = { readonly [key: string]: unknown }

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema
}

/**
 * The JSON Schema of a plugin's options schema, for forms and `banter config schema <plugin>`: the
 * input shape (defaults are `default`, not required), with descriptions, enums and the metadata the
 * plugin attached with zod's `.meta()`: `secret: true` marks a secret field, and any UI hint
 * (`title`, `examples`, `ui`) is kept. A plugin without a schema takes no options (`{}` with no
 * properties allowed is not claimed: an empty object schema is returned); a non-zod Standard Schema
 * has no JSON Schema (`{ "x-banter-unknown": true }`).
 */
export function optionsJsonSchema(schema: StandardSchemaV1 | undefined): JsonSchema {
  if (schema === undefined) return { type: 'object', properties: {} }
  if (!isZod(schema)) return { 'x-banter-unknown': true }
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
}

/**
 * The option paths a JSON Schema marks `secret: true` (walking `properties`, `items` and the
 * branches of `anyOf`/`oneOf`/`allOf`).
 */
export function secretPaths(schema: JsonSchema, at: OptionPath = []): OptionPath[] {
  if (schema.secret === true && at.length > 0) return [at]
  const found: OptionPath[] = []
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  for (const [key, child] of Object.entries(properties ?? {})) found.push(...secretPaths(child, [...at, key]))
  for (const branch of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const child of (schema[branch] as JsonSchema[] | undefined) ?? [])
      found.push(...secretPaths(child, at))
  }
  return found
}
