import { BanterError } from '../errors/banter-error.js'
import type { StandardSchemaV1 } from './standard-schema.js'

const SECRET_KEY = /(token|secret|password|passwd|api[-_]?key|apikey|credential|private)/i

/** One problem with a plugin's options: where (inside the options) and what. */
export interface OptionIssue {
  /** Path inside the options, e.g. `['nested', 'mode']`. */
  readonly path: readonly PropertyKey[]
  /** What is wrong (secret values masked). */
  readonly message: string
}

/** Whether an option name looks like it holds a secret (its value is never printed). */
export function isSecretKey(key: PropertyKey): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key)
}

function segmentKey(segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey {
  return typeof segment === 'object' && segment !== null ? segment.key : segment
}

/** Formats an issue path as `options.a.b[0]`. */
export function formatPath(
  root: string,
  path: ReadonlyArray<PropertyKey | StandardSchemaV1.PathSegment> = [],
): string {
  let out = root
  for (const segment of path) {
    const key = segmentKey(segment)
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`
  }
  return out
}

/** The options of a plugin that has no schema and was given none: one frozen object for all. */
const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({})

/**
 * Validates plugin options against the plugin's schema (any Standard Schema; the official plugins use
 * zod). Throws `CONFIG_INVALID` with one line per problem, such as
 * `plugin "timestamp": options.timeZone: "Mars/Base" is not an IANA time zone`.
 * Values under secret-looking keys, and under the `secrets` paths (fields the schema marks secret),
 * are masked in every message.
 */
export async function validateOptions<Output>(
  plugin: string,
  schema: StandardSchemaV1<unknown, Output> | undefined,
  options: unknown,
  secrets: readonly (readonly PropertyKey[])[] = [],
): Promise<Output> {
  if (schema === undefined) return (options ?? NO_OPTIONS) as Output
  const result = await schema['~standard'].validate(options ?? {})
  if (result.issues === undefined) return result.value
  const issues: OptionIssue[] = result.issues.map((issue) => {
    const path = (issue.path ?? []).map(segmentKey)
    const secret = path.some(isSecretKey) || secrets.some((s) => s.every((key, i) => path[i] === key))
    return { path, message: secret ? issue.message.replace(/"[^"]*"/g, '"***"') : issue.message }
  })
  const lines = issues.map(
    (issue) => `plugin "${plugin}": ${formatPath('options', issue.path)}: ${issue.message}`,
  )
  throw new BanterError('CONFIG_INVALID', lines.join('\n'), { plugin, details: { issues } })
}
