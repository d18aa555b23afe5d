import { createHash, randomBytes } from 'node:crypto'
import { EICAR } from '../engines/builtin/eicar.js'

/** The EICAR test file (68 bytes), optionally followed by allowed trailing whitespace. */
export function eicar(trailing = ''): Uint8Array {
  const tail = new TextEncoder().encode(trailing)
  const out = new Uint8Array(EICAR.length + tail.length)
  out.set(EICAR)
  out.set(tail, EICAR.length)
  return out
}

/** A marker string the default test database of {@link startClamd} detects anywhere in a file. */
export const TEST_MARKER = 'BANTER-TEST-MALWARE-MARKER-7f3a9c'

/** Threat name of {@link TEST_MARKER} in the test database (clamd adds `.UNOFFICIAL`). */
export const TEST_MARKER_NAME = 'Banter.Test.Marker'

/** A harmless file whose SHA-256 the default test database lists (by hash, not by content). */
export const BLOCKLISTED_PAYLOAD = new TextEncoder().encode('banter blocklisted payload v1\n')

/** Threat name of {@link BLOCKLISTED_PAYLOAD} in the test database. */
export const BLOCKLISTED_PAYLOAD_NAME = 'Banter.Test.Sha256'

/** SHA-256 of some bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** `length` random bytes, unlike any other call's (clamd caches clean files by MD5). */
export function uniqueBytes(length: number): Uint8Array {
  return randomBytes(length)
}
