/** A `${VAR}` that has no value and no default. */
export interface MissingVariable {
  /** Variable name. */
  readonly name: string
}

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${VAR}` and `${VAR:-default}` in `text` from `env`. An empty variable counts as unset
 * for `:-`, as in the shell. Returns the text and the variables that had neither value nor default.
 */
export function interpolate(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): { value: string; missing: MissingVariable[] } {
  const missing: MissingVariable[] = []
  const value = text.replace(PATTERN, (_match, name: string, fallback: string | undefined) => {
    // Own string values only: `${constructor}` or `${__proto__}` must not read the prototype.
    const set = Object.hasOwn(env, name) ? env[name] : undefined
    if (typeof set === 'string' && set !== '') return set
    if (fallback !== undefined) return fallback
    missing.push({ name })
    return ''
  })
  return { value, missing }
}

/** Whether `text` is exactly one `${...}` expression (its value may then be a number or boolean). */
export function isWholeExpression(text: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(text.trim())
}
