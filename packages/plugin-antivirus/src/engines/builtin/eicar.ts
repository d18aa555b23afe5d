// The EICAR test string, split so that this source file is not itself detected by scanners.
const EICAR_TEXT = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('')

/** The 68 bytes of the EICAR anti-virus test file. */
export const EICAR = new TextEncoder().encode(EICAR_TEXT)

/** The longest file the EICAR specification allows (68 bytes plus trailing whitespace). */
export const EICAR_MAX_LENGTH = 128

// Whitespace the specification allows after the string: space, tab, LF, CR and Ctrl-Z.
const TRAILING = new Set([0x20, 0x09, 0x0a, 0x0d, 0x1a])

/**
 * Whether `bytes` is the EICAR test file as its specification defines it: the file starts with the
 * 68-byte string, anything after it is whitespace, and the file is at most 128 bytes long.
 * `totalLength` is the length of the whole file when `bytes` is only its beginning.
 */
export function isEicar(bytes: Uint8Array, totalLength: number = bytes.length): boolean {
  if (totalLength < EICAR.length || totalLength > EICAR_MAX_LENGTH || bytes.length < totalLength) return false
  for (let i = 0; i < EICAR.length; i++) if (bytes[i] !== EICAR[i]) return false
  for (let i = EICAR.length; i < totalLength; i++) if (!TRAILING.has(bytes[i] as number)) return false
  return true
}
