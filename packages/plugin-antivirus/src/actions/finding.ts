import type { FindingKind, FoundThreat } from '../threats.js'

/** Something wrong with one message: a bad attachment, bad text, or a file that could not be scanned. */
export interface Finding {
  /** Which action list applies. */
  readonly kind: FindingKind
  /** What was found (empty for `error`). */
  readonly threats: readonly FoundThreat[]
  /** The attachment, for file findings. */
  readonly file?: { readonly name: string; readonly sha256?: string }
  /** Why the file could not be scanned, for `error` findings. */
  readonly error?: string
}
