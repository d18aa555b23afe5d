/** Whether `value` is JSON data already: what a JSON round trip gives back unchanged (a few levels deep). */
function isPlain(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || depth > 3) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlain(item, depth + 1)) return false
    return true
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false
  for (const key in value) {
    if (!Object.hasOwn(value, key) || !isPlain((value as Record<string, unknown>)[key], depth + 1))
      return false
  }
  return true
}

/**
 * Turns a payload into plain JSON data (functions such as `attachment.read` dropped). Data that is
 * plain already (a manual run's input, most webhooks) comes back as is: callers copy it ({@link capValue}).
 */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null
  if (isPlain(value)) return value
  return JSON.parse(
    JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item)),
  )
}
