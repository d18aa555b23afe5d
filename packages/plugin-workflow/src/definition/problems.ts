import type { z } from '@banter/core'

/** A path inside a definition: `['steps', 1, 'url']`. */
export type Path = readonly (string | number)[]

/** One problem at a path inside a definition (for schema issues and `banter config check`). */
export interface Issue {
  readonly path: Path
  readonly message: string
}

/** Collects problems: `list` as lines prefixed with the workflow, `issues` with their paths. */
export interface Problems {
  add(path: Path, message: string): void
  readonly list: string[]
  readonly issues: Issue[]
}

/** Formats a path as `steps[1].then[0].url`. */
export function formatPathOf(path: Path): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`
  return out
}

/** Adds every zod issue under `base`; an unknown field is reported at its own path. */
export function zodProblems(problems: Problems, base: Path, error: z.ZodError): void {
  for (const issue of error.issues) {
    const at = [...base, ...(issue.path as Path)]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.add([...at, key], `unknown field "${key}"`)
    } else {
      problems.add(at, issue.message)
    }
  }
}
