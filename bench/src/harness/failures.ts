/** One line of an error: its message with line breaks folded, cut at 300 characters. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const folded = text.replace(/\s*\n\s*/g, ' | ').trim()
  return folded.length > 300 ? `${folded.slice(0, 297)}...` : folded
}

/** How every note of a failed case begins (the runner counts them: a run with any exits with code 1). */
export const FAILED_NOTE = 'failed ('

/** Whether a suite's note reports a failed case. */
export function isFailedNote(note: string): boolean {
  return note.startsWith(FAILED_NOTE)
}

/** Failures of a suite's jobs, folded so that the same error in several rounds is one note. */
export class Failures {
  readonly #byMessage = new Map<string, Set<string>>()

  /** Records that `what` (e.g. `koishi N=10, round 2`) failed with `error`. */
  add(what: string, error: unknown): void {
    const message = oneLine(error)
    let list = this.#byMessage.get(message)
    if (!list) {
      list = new Set()
      this.#byMessage.set(message, list)
    }
    list.add(what)
  }

  /** Whether anything failed. */
  get size(): number {
    return this.#byMessage.size
  }

  /** One note per distinct error: `failed (a; b): message`. */
  notes(): string[] {
    return [...this.#byMessage].map(([message, what]) => `${FAILED_NOTE}${[...what].join('; ')}): ${message}`)
  }
}
