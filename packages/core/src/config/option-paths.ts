import { isSecretKey } from './validate-options.js'

/** A path inside a plugin's options, e.g. `['prompts', 'system']`. */
export type OptionPath = readonly (string | number)[]

/** The text shown in place of a secret value. */
export const MASK = '***'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Applies a JSON merge patch (RFC 7396) to `target` and returns the result (neither is changed):
 * objects merge key by key, `null` deletes a key, anything else replaces the value.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch)
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = mergePatch(out[key], value)
  }
  return out
}

/**
 * The leaf paths whose value differs between `before` and `after` (objects are walked, arrays and
 * scalars compared as JSON), in the order of `after` then of removed keys.
 */
export function changedPaths(before: unknown, after: unknown, at: OptionPath = []): OptionPath[] {
  const walk = (isRecord(before) || before === undefined) && (isRecord(after) || after === undefined)
  if (walk && (isRecord(before) || isRecord(after))) {
    const from = (before ?? {}) as Record<string, unknown>
    const to = (after ?? {}) as Record<string, unknown>
    const keys = [...new Set([...Object.keys(to), ...Object.keys(from)])]
    return keys.flatMap((key) => changedPaths(from[key], to[key], [...at, key]))
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [at]
}

/** The value at `path` inside `value`, or `undefined`. */
export function valueAt(value: unknown, path: OptionPath): unknown {
  let node = value
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return node
}

/** Whether `path` is secret: under a path the schema marks secret, or a segment named like one. */
export function isSecretPath(path: OptionPath, secrets: readonly OptionPath[]): boolean {
  if (path.some(isSecretKey)) return true
  return secrets.some((secret) => secret.every((key, i) => path[i] === key))
}

/**
 * A copy of `value` with every secret value replaced by `***`: values under the `secrets` paths and
 * under keys named like secrets (`token`, `apiKey`, ...).
 */
export function maskSecrets(value: unknown, secrets: readonly OptionPath[], at: OptionPath = []): unknown {
  if (at.length > 0 && isSecretPath(at, secrets)) return value === undefined ? undefined : MASK
  if (Array.isArray(value)) return value.map((item, i) => maskSecrets(item, secrets, [...at, i]))
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, maskSecrets(item, secrets, [...at, key])]),
    )
  return value
}

/** Formats a path as `prompts.system` (`format[0]` for list items). */
export function pathText(path: OptionPath): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  )
}
