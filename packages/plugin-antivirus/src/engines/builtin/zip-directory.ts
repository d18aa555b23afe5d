import { createRequire } from 'node:module'
import type { Entry, LocalFileHeader, ZipFile } from 'yauzl'
import {
  descriptorLength,
  hasZipEndRecord,
  localHeaderSignatures,
  looksLikeZip,
  u32,
  u64,
} from './zip-headers.js'

const require = createRequire(import.meta.url)
/** yauzl, required at the first archive: a start-up without attachments never loads it. */
const yauzl = (): typeof import('yauzl') => require('yauzl')

const CENTRAL_HEADER = 0x02014b50
const AES_METHOD = 99
const ENCRYPTED = 0x1
const STRONG_ENCRYPTION = 0x40
const HAS_DESCRIPTOR = 0x8
const ZIP64_EXTRA = 0x0001
const ZIP64_MARK = 0xffffffff

/** One entry as the central directory (which `unzip` and most extractors follow) lists it. */
export interface DirectoryEntry {
  /** yauzl's entry, to open a read stream on. */
  readonly entry: Entry
  /** The name, decoded as extractors decode it (UTF-8 flag, Info-ZIP Unicode Path field, CP437). */
  readonly name: string
  /** Encrypted according to the central directory or the local header. */
  readonly encrypted: boolean
  /** Whether its local header was found where the central directory points (its data can be read). */
  readonly readable: boolean
}

/** A disagreement between the central directory and the local headers. */
export interface ZipMismatch {
  /** The entry concerned, when there is one. */
  readonly entry?: string
  /** What disagrees, in words. */
  readonly detail: string
}

/** The central directory of a zip, checked against its local headers. */
export interface ZipDirectory {
  readonly entries: readonly DirectoryEntry[]
  readonly mismatches: readonly ZipMismatch[]
  /** An entry uses "strong encryption" (yauzl stops listing there). */
  readonly strongEncryption: boolean
}

/** A zip that yauzl cannot open (no end record, bad central directory). */
export class ZipUnreadable extends Error {}

/** Opens `bytes` with yauzl (nothing is read but the end record yet). Throws {@link ZipUnreadable}. */
export async function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  try {
    // Raw names (decodeStrings false): they are compared byte for byte with the local headers, and
    // decoded below. Sizes are checked against the inflated bytes by the inspector, not by yauzl, so
    // that a lie is reported as a mismatch rather than as a read error.
    return await yauzl().fromBufferPromise(buffer, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: false,
    })
  } catch (error) {
    throw new ZipUnreadable((error as Error).message)
  }
}

/** Whether `bytes` opens as a zip (an end record yauzl accepts), whatever comes before it. */
export async function opensAsZip(bytes: Uint8Array): Promise<boolean> {
  try {
    ;(await openZip(bytes)).close()
    return true
  } catch {
    return false
  }
}

/**
 * Whether extractors would open `bytes` as a zip: it starts like one (or `sniffed`, the type file-type
 * found, says zip), or it ends with a central directory that yauzl reads (a zip with something
 * prepended, which `unzip` still extracts).
 */
export async function isArchive(bytes: Uint8Array, sniffed?: string): Promise<boolean> {
  if (looksLikeZip(bytes) || sniffed === 'zip') return true
  return hasZipEndRecord(bytes) && (await opensAsZip(bytes))
}

function decodedName(flags: number, raw: Buffer, extra: Buffer | undefined): string {
  try {
    return yauzl().getFileNameLowLevel(flags, raw, extra ? yauzl().parseExtraFields(extra) : [], false)
  } catch {
    return raw.toString('latin1')
  }
}

// Sizes of a local header, with zip64 values taken from its extra field when the header says so.
function localSizes(local: LocalFileHeader): { compressed: number; uncompressed: number } {
  let compressed = local.compressedSize
  let uncompressed = local.uncompressedSize
  if (compressed !== ZIP64_MARK && uncompressed !== ZIP64_MARK) return { compressed, uncompressed }
  let fields: ReturnType<typeof import('yauzl').parseExtraFields> = []
  try {
    fields = yauzl().parseExtraFields(local.extraField)
  } catch {
    // a malformed extra field leaves the marks, which then disagree with the central directory
  }
  const zip64 = fields.find((f) => f.id === ZIP64_EXTRA)?.data
  if (zip64) {
    let at = 0
    if (uncompressed === ZIP64_MARK && at + 8 <= zip64.length) {
      uncompressed = u64(zip64, at)
      at += 8
    }
    if (compressed === ZIP64_MARK && at + 8 <= zip64.length) compressed = u64(zip64, at)
  }
  return { compressed, uncompressed }
}

interface Span {
  readonly name: string
  readonly start: number
  readonly end: number
}

/** Compares one central directory entry with its local header; returns where its bytes lie. */
function compare(
  bytes: Uint8Array,
  entry: Entry,
  local: LocalFileHeader,
  name: string,
  mismatches: ZipMismatch[],
): Span {
  const differ = (detail: string) => mismatches.push({ entry: name, detail })
  const localName = decodedName(local.generalPurposeBitFlag, local.fileName, local.extraField)
  if (!entry.fileNameRaw.equals(local.fileName) || localName !== name) {
    differ(`the central directory calls it "${name}" and its local header "${localName}"`)
  }
  if (entry.compressionMethod !== local.compressionMethod) {
    differ(
      `compression method ${entry.compressionMethod} in the central directory, ${local.compressionMethod} in the local header`,
    )
  }
  const encryption = ENCRYPTED | STRONG_ENCRYPTION
  if ((entry.generalPurposeBitFlag & encryption) !== (local.generalPurposeBitFlag & encryption)) {
    differ('the central directory and the local header disagree on whether it is encrypted')
  }
  const sizes = localSizes(local)
  const declared = {
    crc32: entry.crc32,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
  }
  const dataEnd = local.fileDataStart + entry.compressedSize
  let end = dataEnd
  if ((local.generalPurposeBitFlag & HAS_DESCRIPTOR) !== 0) {
    // Streamed entries: the local header may leave CRC and sizes at zero; the data descriptor after
    // the data carries them, and must agree.
    const zeroOrEqual = (a: number, b: number) => a === 0 || a === b
    if (
      !zeroOrEqual(local.crc32, entry.crc32) ||
      !zeroOrEqual(sizes.compressed, entry.compressedSize) ||
      !zeroOrEqual(sizes.uncompressed, entry.uncompressedSize)
    ) {
      differ('its local header declares other sizes or CRC than the central directory')
    }
    const length = descriptorLength(bytes, dataEnd, declared)
    if (length === undefined) differ('its data descriptor disagrees with the central directory')
    else end += length
  } else if (
    local.crc32 !== entry.crc32 ||
    sizes.compressed !== entry.compressedSize ||
    sizes.uncompressed !== entry.uncompressedSize
  ) {
    differ(
      `its local header declares ${sizes.compressed} compressed / ${sizes.uncompressed} bytes (CRC ${local.crc32.toString(16)}), the central directory ${entry.compressedSize} / ${entry.uncompressedSize} (CRC ${entry.crc32.toString(16)})`,
    )
  }
  return { name, start: entry.relativeOffsetOfLocalHeader, end }
}

/** Overlapping entries, entries running into the central directory, and local headers no entry owns. */
function checkLayout(
  bytes: Uint8Array,
  spans: Span[],
  centralStart: number,
  mismatches: ZipMismatch[],
): void {
  spans.sort((a, b) => a.start - b.start || a.end - b.end)
  let cursor = 0
  let previous: Span | undefined
  for (const span of spans) {
    if (previous !== undefined && span.start < previous.end) {
      mismatches.push({
        entry: span.name,
        detail: `its bytes overlap those of "${previous.name}" (offset ${span.start} lies inside ${previous.start}-${previous.end})`,
      })
    } else {
      // Bytes between entries that no entry owns: a local header there is an entry that streaming
      // extractors see and the central directory hides.
      for (const at of localHeaderSignatures(bytes, cursor, span.start)) {
        mismatches.push({ detail: `a local file header at offset ${at} is not in the central directory` })
      }
    }
    if (span.end > centralStart) {
      mismatches.push({ entry: span.name, detail: 'its data runs into the central directory' })
    }
    cursor = Math.max(cursor, span.end)
    if (previous === undefined || span.end > previous.end) previous = span
  }
  for (const at of localHeaderSignatures(bytes, cursor, centralStart)) {
    mismatches.push({ detail: `a local file header at offset ${at} is not in the central directory` })
  }
}

/**
 * Reads the central directory of an open zip (at most `maxEntries` records) and checks it against the
 * local headers: names, methods, encryption, sizes and CRC (or data descriptors), entries that overlap,
 * directory records that point at no local header, local headers the directory does not list, duplicate
 * names, and more directory records than the end record counts. Throws {@link ZipUnreadable} when the
 * central directory itself cannot be read.
 */
export async function readZipDirectory(zip: ZipFile, bytes: Uint8Array): Promise<ZipDirectory> {
  // yauzl keeps its position in the central directory here; it starts at the directory's offset.
  const cursorOf = () => (zip as unknown as { readEntryCursor: number }).readEntryCursor
  const centralStart = cursorOf()
  const entries: DirectoryEntry[] = []
  const mismatches: ZipMismatch[] = []
  const spans: Span[] = []
  const names = new Set<string>()
  let strongEncryption = false
  try {
    for await (const entry of zip.eachEntry()) {
      const name = decodedName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFieldRaw)
      if (names.has(name)) {
        mismatches.push({ entry: name, detail: 'the central directory lists this name twice' })
      }
      names.add(name)
      let encrypted =
        (entry.generalPurposeBitFlag & ENCRYPTED) !== 0 || entry.compressionMethod === AES_METHOD
      let readable = true
      try {
        const local = await zip.readLocalFileHeaderPromise(entry)
        encrypted ||=
          (local.generalPurposeBitFlag & ENCRYPTED) !== 0 || local.compressionMethod === AES_METHOD
        spans.push(compare(bytes, entry, local, name, mismatches))
      } catch (error) {
        readable = false
        mismatches.push({
          entry: name,
          detail: `the central directory points at offset ${entry.relativeOffsetOfLocalHeader}, where there is no readable local header (${(error as Error).message})`,
        })
      }
      entries.push({ entry, name, encrypted, readable })
    }
  } catch (error) {
    const message = (error as Error).message
    if (/strong encryption/i.test(message)) strongEncryption = true
    else if (entries.length === 0 && /invalid central directory file header signature/.test(message)) {
      // The end record points where there is no central directory: bytes were added in front of the
      // zip (extractors such as unzip search for it and extract anyway) or the records were moved.
      mismatches.push({
        detail: `the end record places the central directory at offset ${centralStart}, where there is none`,
      })
      return { entries, mismatches, strongEncryption }
    } else throw new ZipUnreadable(message)
  }
  if (!strongEncryption && u32(bytes, cursorOf()) === CENTRAL_HEADER) {
    mismatches.push({
      detail: `the central directory holds more records than the ${zip.entryCount} its end record counts`,
    })
  }
  checkLayout(bytes, spans, centralStart, mismatches)
  return { entries, mismatches, strongEncryption }
}
