import type { z } from '@banter/core'

/** A key in a configuration that no schema knows. */
export interface UnknownKey {
  /** Path of the object that holds it, e.g. `['discord']`. */
  readonly path: readonly PropertyKey[]
  /** The key itself, e.g. `tokne`. */
  readonly key: string
  /** The keys that object may have. */
  readonly known: readonly string[]
}

/** The parts of a zod schema's definition the walk reads. */
interface Def {
  readonly type: string
  readonly shape?: Record<string, Schema>
  readonly catchall?: Schema
  readonly innerType?: Schema
  readonly in?: Schema
  readonly out?: Schema
  readonly options?: readonly Schema[]
  readonly element?: Schema
  readonly valueType?: Schema
  readonly getter?: () => Schema
}

interface Schema {
  readonly _zod: { readonly def: Def }
}

/** Wrappers whose value is checked by the schema inside them. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The schema that checks a value, past wrappers, lazies and preprocessing. */
function unwrap(schema: Schema): Schema {
  let current = schema
  for (let depth = 0; depth < 32; depth++) {
    const def = current._zod.def
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType
    else if (def.type === 'pipe' && def.in && def.out)
      current = def.in._zod.def.type === 'transform' ? def.out : def.in
    else if (def.type === 'lazy' && def.getter) current = def.getter()
    else break
  }
  return current
}

/** Whether a schema can take an object with keys (an object, a record, or a union holding one). */
function takesObject(schema: Schema): boolean {
  const def = unwrap(schema)._zod.def
  if (def.type === 'object' || def.type === 'record') return true
  return def.type === 'union' && (def.options ?? []).some(takesObject)
}

function walk(schema: Schema, value: unknown, path: PropertyKey[], out: UnknownKey[]): void {
  const def = unwrap(schema)._zod.def
  if (def.type === 'object' && isRecord(value)) {
    const shape = def.shape ?? {}
    // `strictObject` has a `never` catchall, plain `object` none (zod drops unknown keys silently):
    // both mean "no other keys" here. A `loose` object (`unknown` catchall) takes any key.
    const catchall = def.catchall && def.catchall._zod.def.type !== 'never' ? def.catchall : undefined
    for (const [key, item] of Object.entries(value)) {
      const known = Object.hasOwn(shape, key) ? shape[key] : catchall
      if (known) walk(known, item, [...path, key], out)
      else out.push({ path, key, known: Object.keys(shape) })
    }
  } else if (def.type === 'record' && isRecord(value) && def.valueType) {
    for (const [key, item] of Object.entries(value)) walk(def.valueType, item, [...path, key], out)
  } else if (def.type === 'array' && Array.isArray(value) && def.element) {
    for (const [index, item] of value.entries()) walk(def.element, item, [...path, index], out)
  } else if (def.type === 'union' && isRecord(value)) {
    // The option that fits best: the one with the fewest unknown keys (none: the value is fine).
    let best: UnknownKey[] | undefined
    for (const option of (def.options ?? []).filter(takesObject)) {
      const found: UnknownKey[] = []
      walk(option, value, path, found)
      if (!best || found.length < best.length) best = found
      if (found.length === 0) break
    }
    out.push(...(best ?? []))
  }
}

/**
 * Every key of `value` that `schema` does not know, at any depth (inside sections, lists, maps and
 * the object options of a union). Zod's own `unrecognized_keys` issue exists only for strict objects
 * and is left out when other fields fail; this walk finds them all, with the keys that were expected.
 */
export function findUnknownKeys(
  schema: z.ZodType,
  value: unknown,
  path: readonly PropertyKey[] = [],
): UnknownKey[] {
  const out: UnknownKey[] = []
  walk(schema as unknown as Schema, value, [...path], out)
  return out
}
