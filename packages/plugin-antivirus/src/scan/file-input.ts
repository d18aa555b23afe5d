import type { FileInput } from '@banter/core'
import { antivirusError } from '../errors.js'

/** The bytes of a file, or how far past the limit it went. */
export type CollectedFile =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly tooLarge: true; readonly seen: number }

/**
 * Reads a {@link FileInput} into one buffer, stopping as soon as it passes `maxBytes` (the rest of a
 * stream is not read). Throws `ANTIVIRUS_INPUT_INVALID` for anything that is not bytes.
 */
export async function collectFile(input: FileInput, maxBytes: number): Promise<CollectedFile> {
  if (input instanceof Uint8Array) {
    return input.length > maxBytes
      ? { ok: false, tooLarge: true, seen: input.length }
      : { ok: true, bytes: input }
  }
  if (input === null || typeof input !== 'object' || !(Symbol.asyncIterator in input)) {
    throw antivirusError(
      'ANTIVIRUS_INPUT_INVALID',
      `scanFile was given ${input === null ? 'null' : typeof input}, not bytes`,
    )
  }
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of input) {
    if (!(chunk instanceof Uint8Array)) {
      throw antivirusError('ANTIVIRUS_INPUT_INVALID', `scanFile's stream yielded ${typeof chunk}, not bytes`)
    }
    length += chunk.length
    if (length > maxBytes) return { ok: false, tooLarge: true, seen: length }
    chunks.push(chunk)
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0] as Uint8Array }
  const bytes = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.length
  }
  return { ok: true, bytes }
}
