/**
 * How every bench child ends: sends what `work` resolved to (or why it failed) to the parent over
 * IPC, as `runChild` expects (`{ ok: true, result }` or `{ ok: false, error }`), then exits with 0, or
 * 1 on a failure.
 */
export function answerParent(work: Promise<unknown>): void {
  work.then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) =>
      process.send?.(
        { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
        () => process.exit(1),
      ),
  )
}
