const LOCAL_HEADER = 0x04034b50
const END_RECORD = 0x06054b50
const DATA_DESCRIPTOR = 0x08074b50
// End record without comment (22 bytes) plus the longest comment (65535).
const END_SEARCH_BYTES = 22 + 0xffff

/** Whether `bytes` starts with a zip local file header (`PK\x03\x04`). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === LOCAL_HEADER
}

/**
 * Whether `bytes` holds a zip end-of-central-directory signature where one can be: in its last 64 KiB.
 * Extractors read zips from that record, so a file with anything prepended (an image, a script, a
 * self-extractor stub) is still a zip to them.
 */
export function hasZipEndRecord(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - END_SEARCH_BYTES; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && u32(bytes, i) === END_RECORD) return true
  }
  return false
}

/** Little-endian 16-bit value at `at` (0 past the end). */
export function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)) >>> 0
}

/** Little-endian 32-bit value at `at` (0 past the end). */
export function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0
}

/** Little-endian 64-bit value at `at`, as a number (zip sizes stay far below 2^53). */
export function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) + u32(bytes, at + 4) * 0x1_0000_0000
}

/** Offsets of every local file header signature in `bytes[start, end)`. */
export function localHeaderSignatures(bytes: Uint8Array, start: number, end: number): number[] {
  const found: number[] = []
  for (let i = Math.max(0, start); i + 4 <= Math.min(end, bytes.length); i++) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && u32(bytes, i) === LOCAL_HEADER) found.push(i)
  }
  return found
}

/** What the central directory says about an entry's data, to compare a data descriptor with. */
export interface DeclaredData {
  readonly crc32: number
  readonly compressedSize: number
  readonly uncompressedSize: number
}

/**
 * The length of the data descriptor at `at` (after an entry written with general purpose bit 3) when
 * it agrees with `declared`: with or without its optional signature, with 4- or 8-byte sizes.
 * `undefined` when no form of it agrees.
 */
export function descriptorLength(bytes: Uint8Array, at: number, declared: DeclaredData): number | undefined {
  for (const signed of [true, false]) {
    if (signed && u32(bytes, at) !== DATA_DESCRIPTOR) continue
    const start = signed ? at + 4 : at
    for (const width of [8, 4]) {
      const end = start + 4 + 2 * width
      if (end > bytes.length) continue
      const read = width === 8 ? u64 : u32
      if (
        u32(bytes, start) === declared.crc32 &&
        read(bytes, start + 4) === declared.compressedSize &&
        read(bytes, start + 4 + width) === declared.uncompressedSize
      ) {
        return end - at
      }
    }
  }
  return undefined
}
