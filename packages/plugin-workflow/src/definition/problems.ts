import type { z } from '@banter/core'

/** A path inside a definition: `['steps', 1, 'url']`. */
export type Path = readonly (string | number)[]

/** Collects problems, each already prefixed with the workflow. */
export interface Problems {
  add(path: Path, message: string): void
  readonly list: string[]
}

/** Formats a path as `steps[1].then[0].url`. */
export function formatPathOf(path: Path): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`
  return out
}

/** Adds every zod issue under `base`. */
export function zodProblems(problems: Problems, base: Path, error: z.ZodError): void {
  for (const issue of error.issues) problems.add([...base, ...(issue.path as Path)], issue.message)
}
