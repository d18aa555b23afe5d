const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const AES_METHOD = 99

/** Whether `bytes` starts with a zip local file header (`PK\x03\x04`). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8)
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

// As fflate decodes names: UTF-8 when flag bit 11 says so, otherwise one byte per character.
function entryName(bytes: Uint8Array, flags: number): string {
  if ((flags & 0x800) !== 0) return utf8.decode(bytes)
  let name = ''
  for (const byte of bytes) name += String.fromCharCode(byte)
  return name
}

/**
 * Names of the entries of a zip that are marked encrypted (general purpose flag bit 0, or the AES
 * method 99), from both the local headers and the central directory, so that an archive whose two
 * copies of the headers disagree is still caught. fflate's streaming `Unzip` does not expose the flags,
 * hence this small pass over the bytes.
 */
export function encryptedEntryNames(zip: Uint8Array): Set<string> {
  const names = new Set<string>()
  const last = zip.length - 4
  for (let i = 0; i <= last; i++) {
    if (zip[i] !== 0x50 || zip[i + 1] !== 0x4b) continue
    const signature = u32(zip, i)
    if (signature === LOCAL_HEADER && i + 30 <= zip.length) {
      const flags = u16(zip, i + 6)
      const method = u16(zip, i + 8)
      const nameLength = u16(zip, i + 26)
      if ((flags & 1) === 1 || method === AES_METHOD) {
        names.add(entryName(zip.subarray(i + 30, Math.min(zip.length, i + 30 + nameLength)), flags))
      }
    } else if (signature === CENTRAL_HEADER && i + 46 <= zip.length) {
      const flags = u16(zip, i + 8)
      const method = u16(zip, i + 10)
      const nameLength = u16(zip, i + 28)
      if ((flags & 1) === 1 || method === AES_METHOD) {
        names.add(entryName(zip.subarray(i + 46, Math.min(zip.length, i + 46 + nameLength)), flags))
      }
    }
  }
  return names
}
