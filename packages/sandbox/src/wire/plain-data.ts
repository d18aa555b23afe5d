/** Keys never copied: assigning them could reach a prototype. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype'])

const MAX_DEPTH = 32

/**
 * A deep copy of `value` as plain data: functions and symbols are dropped, objects become plain
 * objects with only their own enumerable string keys (never `__proto__`, `constructor` or
 * `prototype`), arrays stay arrays; byte arrays, dates, maps and sets are kept (they survive a
 * structured clone). Used both to make a value cloneable before it crosses and to take in a value
 * the guest sent: nothing the guest returns can carry a prototype into the host.
 */
export function plainData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value
  }
  if (depth > MAX_DEPTH) return undefined
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date) return value
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) out[i] = plainData(value[i], depth + 1)
    return out
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>()
    for (const [k, v] of value) out.set(plainData(k, depth + 1), plainData(v, depth + 1))
    return out
  }
  if (value instanceof Set) {
    const out = new Set<unknown>()
    for (const v of value) out.add(plainData(v, depth + 1))
    return out
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    if (UNSAFE.has(key)) continue
    const v = plainData((value as Record<string, unknown>)[key], depth + 1)
    if (v !== undefined) out[key] = v
  }
  return out
}
