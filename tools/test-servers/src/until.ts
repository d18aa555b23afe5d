/**
 * Waits until `check()` is true, polling every `everyMs`; throws `timed out waiting for <what>` after
 * `timeoutMs`. For tests that wait on real servers and real sockets (no fake clock).
 */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 20,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}
