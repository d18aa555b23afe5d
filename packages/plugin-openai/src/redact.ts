/** What a secret is replaced with. */
export const REDACTED = '[redacted]'

/**
 * Returns a function that blanks every occurrence of the given secrets (and `Bearer <anything>`) in a
 * text. Error bodies of OpenAI-compatible servers may quote the key they rejected; everything the
 * plugin logs, throws or posts about a failed request goes through it.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Very short values would blank ordinary words; real keys are long.
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6)
  return (text: string) => {
    let out = text
    for (const secret of list) out = out.split(secret).join(REDACTED)
    return out.replace(/\b(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`)
  }
}
