import type { Schema } from '../types'

type Json = unknown

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether two JSON values are equal. */
export function same(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The JSON merge patch from `before` to `after`: changed leaves only (a secret left masked is not
 * sent), `null` for a removed value.
 */
export function mergePatch(before: Json, after: Json): Json {
  if (!isObject(before) || !isObject(after)) return after === undefined ? null : after
  const patch: Record<string, Json> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [b, a] = [before[key], after[key]]
    if (same(b, a)) continue
    patch[key] = isObject(b) && isObject(a) ? mergePatch(b, a) : a === undefined ? null : a
  }
  return patch
}

/** `value` with the value at `path` replaced (`undefined` removes it). */
export function setAt(value: Json, path: readonly string[], next: Json): Json {
  if (path.length === 0) return next
  const [head, ...rest] = path as [string, ...string[]]
  const base = isObject(value) ? { ...value } : {}
  const inner = setAt(base[head], rest, next)
  if (inner === undefined) delete base[head]
  else base[head] = inner
  return base
}

/** The value at `path`. */
export function getAt(value: Json, path: readonly string[]): Json {
  let at = value
  for (const key of path) at = isObject(at) ? at[key] : undefined
  return at
}

/** The type of a schema node, skipping `null` in a union. */
export function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== 'null')
  if (typeof schema.type === 'string') return schema.type
  if (schema.enum) return 'enum'
  const branch = schema.anyOf?.find((b) => b.type !== 'null')
  return branch ? typeOf(branch) : undefined
}
