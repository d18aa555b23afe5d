import { createHash, type Hash } from 'node:crypto'
import { crc32, createInflateRaw } from 'node:zlib'
import type { ZipFile } from 'yauzl'
import { scanError } from '../../errors.js'
import { type FoundThreat, THREAT } from '../../threats.js'
import { type DirectoryEntry, openZip, readZipDirectory, ZipUnreadable } from './zip-directory.js'
import { looksLikeZip } from './zip-headers.js'

/** Limits of zip inspection (see the `builtin.archives` options). */
export interface ZipLimits {
  /** Entries across all nesting levels. */
  readonly maxEntries: number
  /** Bytes actually inflated across all entries. */
  readonly maxTotalBytes: number
  /** Inflated / compressed. */
  readonly maxRatio: number
  /** Nesting depth: 1 is the attachment itself. */
  readonly maxDepth: number
  /** Flag encrypted entries. */
  readonly blockEncrypted: boolean
}

/** One file inside an archive, fully inflated. */
export interface ZipEntry {
  /** Path from the attachment down: `outer.zip/inner.zip/eicar.com`. */
  readonly path: string
  /** The entry's own name inside its archive. */
  readonly name: string
  /** Inflated size. */
  readonly size: number
  /** SHA-256 of the inflated bytes, hex. */
  readonly sha256: string
  /** The first {@link HEAD_BYTES} bytes, for EICAR and magic-byte checks. */
  readonly head: Uint8Array
}

/** What inspecting a zip found. */
export interface ZipInspection {
  /** Every file entry inflated completely. */
  readonly entries: readonly ZipEntry[]
  /** Limits exceeded, encrypted entries, and disagreements between the zip's two sets of headers. */
  readonly threats: readonly FoundThreat[]
  /** Set when the archive could not be read: `CODE: what happened`. */
  readonly error?: string
  /** Bytes inflated in total. */
  readonly inflatedBytes: number
}

/** Bytes of each entry kept for type sniffing. */
export const HEAD_BYTES = 8192

// Inflated bytes per piece: limits are checked at least this often.
const INFLATE_CHUNK = 256 * 1024
// Ratios are only judged once this much was inflated: tiny files compress absurdly well.
const RATIO_MIN_BYTES = 1024 * 1024

class LimitExceeded extends Error {
  constructor(readonly threat: FoundThreat) {
    super(threat.name)
  }
}

class Unreadable extends Error {}

// An entry inflated to more bytes than its header declares: reported as a mismatch, and the rest of
// it is not inflated.
class Overrun extends Error {}

class Walk {
  entries = 0
  inflated = 0
  readonly found: ZipEntry[] = []
  readonly threats: FoundThreat[] = []

  constructor(
    readonly limits: ZipLimits,
    readonly engine: string,
  ) {}

  threat(name: string, location: string, detail?: string): FoundThreat {
    return { name, engine: this.engine, location, ...(detail === undefined ? {} : { detail }) }
  }

  addInflated(bytes: number, location: string): void {
    this.inflated += bytes
    if (this.inflated > this.limits.maxTotalBytes)
      throw new LimitExceeded(this.threat(THREAT.limit('Size'), location))
  }
}

// Collects one entry: hash, CRC, size and head always; all bytes only when the entry is itself a zip.
class EntrySink {
  readonly #hash: Hash = createHash('sha256')
  readonly #chunks: Uint8Array[] = []
  #crc = 0
  #size = 0
  #head = 0
  #decided = false
  #nestedZip = false

  constructor(
    readonly walk: Walk,
    readonly archive: { inflated: number; readonly compressed: number },
    readonly path: string,
    readonly name: string,
    readonly declared: { readonly compressed: number; readonly size: number },
  ) {}

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.walk.addInflated(chunk.length, this.path)
    this.archive.inflated += chunk.length
    this.#size += chunk.length
    if (this.#size > this.declared.size) throw new Overrun()
    const { maxRatio } = this.walk.limits
    if (
      (this.#size > RATIO_MIN_BYTES && this.#size / Math.max(1, this.declared.compressed) > maxRatio) ||
      (this.archive.inflated > RATIO_MIN_BYTES &&
        this.archive.inflated / Math.max(1, this.archive.compressed) > maxRatio)
    ) {
      throw new LimitExceeded(this.walk.threat(THREAT.limit('Ratio'), this.path))
    }
    this.#hash.update(chunk)
    this.#crc = crc32(chunk, this.#crc)
    if (!this.#decided || this.#nestedZip) {
      this.#chunks.push(chunk)
      this.#head += chunk.length
    } else if (this.#head < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.#head)
      this.#chunks.push(part)
      this.#head += part.length
    }
    if (!this.#decided && this.#size >= 4) {
      this.#decided = true
      this.#nestedZip = looksLikeZip(concat(this.#chunks, 4))
    }
  }

  finish(): { entry: ZipEntry; nested: Uint8Array | undefined; crc: number } {
    const all = this.#nestedZip ? concat(this.#chunks, this.#size) : undefined
    const head = all ? all.subarray(0, HEAD_BYTES) : concat(this.#chunks, HEAD_BYTES)
    return {
      entry: { path: this.path, name: this.name, size: this.#size, sha256: this.#hash.digest('hex'), head },
      nested: all,
      crc: this.#crc >>> 0,
    }
  }
}

function concat(chunks: readonly Uint8Array[], max: number): Uint8Array {
  let length = 0
  for (const chunk of chunks) length += chunk.length
  const out = new Uint8Array(Math.min(length, max))
  let at = 0
  for (const chunk of chunks) {
    if (at >= out.length) break
    const part = chunk.subarray(0, out.length - at)
    out.set(part, at)
    at += part.length
  }
  return out
}

// Inflates one entry through yauzl (zlib off the main thread), counting bytes as they come.
async function inflateEntry(
  walk: Walk,
  zip: ZipFile,
  item: DirectoryEntry,
  archive: { inflated: number; readonly compressed: number },
  entryPath: string,
): Promise<Uint8Array | undefined> {
  const { entry } = item
  const sink = new EntrySink(walk, archive, entryPath, item.name, {
    compressed: entry.compressedSize,
    size: entry.uncompressedSize,
  })
  try {
    // yauzl hands over the entry's bytes as stored; zlib inflates them off the main thread, in pieces
    // large enough that the per-piece cost does not dominate, small enough to stop a bomb early.
    const raw = await zip.openReadStreamPromise(entry, { decodeFileData: false })
    const stream =
      entry.compressionMethod === 8 ? raw.pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK })) : raw
    if (stream !== raw) raw.on('error', (error) => stream.destroy(error))
    try {
      for await (const chunk of stream) sink.push(chunk as Uint8Array)
    } finally {
      raw.destroy()
      stream.destroy()
    }
  } catch (error) {
    if (error instanceof LimitExceeded) throw error
    if (error instanceof Overrun) {
      walk.threats.push(
        walk.threat(
          THREAT.archiveMismatch,
          entryPath,
          `it inflates to more than the ${entry.uncompressedSize} bytes its headers declare`,
        ),
      )
      return undefined
    }
    throw new Unreadable(`entry ${entryPath} cannot be inflated: ${(error as Error).message}`)
  }
  const { entry: found, nested, crc } = sink.finish()
  walk.found.push(found)
  if (found.size !== entry.uncompressedSize || crc !== entry.crc32) {
    walk.threats.push(
      walk.threat(
        THREAT.archiveMismatch,
        entryPath,
        found.size !== entry.uncompressedSize
          ? `it inflates to ${found.size} bytes, its headers declare ${entry.uncompressedSize}`
          : 'its bytes do not match the CRC-32 its headers declare',
      ),
    )
  }
  return nested
}

async function walkZip(walk: Walk, bytes: Uint8Array, path: string, depth: number): Promise<void> {
  let zip: ZipFile
  try {
    zip = await openZip(bytes)
  } catch (error) {
    throw new Unreadable(`${path} cannot be read as a zip: ${(error as Error).message}`)
  }
  const nested: { path: string; bytes: Uint8Array }[] = []
  try {
    if (walk.entries + zip.entryCount > walk.limits.maxEntries) {
      throw new LimitExceeded(walk.threat(THREAT.limit('Entries'), path))
    }
    let directory: Awaited<ReturnType<typeof readZipDirectory>>
    try {
      directory = await readZipDirectory(zip, bytes)
    } catch (error) {
      if (error instanceof ZipUnreadable) throw new Unreadable(`${path}: ${error.message}`)
      throw error
    }
    walk.entries += directory.entries.length
    // One threat per place, with every disagreement found there.
    const details = new Map<string, string[]>()
    for (const mismatch of directory.mismatches) {
      const location = mismatch.entry === undefined ? path : `${path}/${mismatch.entry}`
      details.set(location, [...(details.get(location) ?? []), mismatch.detail])
    }
    for (const [location, list] of details) {
      walk.threats.push(walk.threat(THREAT.archiveMismatch, location, list.join('; ')))
    }
    if (directory.strongEncryption && walk.limits.blockEncrypted) {
      walk.threats.push(walk.threat(THREAT.encrypted, path))
    }
    const archive = { inflated: 0, compressed: bytes.length }
    for (const item of directory.entries) {
      const entryPath = `${path}/${item.name}`
      if (item.name.endsWith('/') && item.entry.uncompressedSize === 0) continue
      if (item.encrypted) {
        if (walk.limits.blockEncrypted) walk.threats.push(walk.threat(THREAT.encrypted, entryPath))
        continue
      }
      if (!item.readable) continue
      const method = item.entry.compressionMethod
      if (method !== 0 && method !== 8) {
        throw new Unreadable(
          `entry ${entryPath} uses compression method ${method}, which cannot be inspected`,
        )
      }
      const inner = await inflateEntry(walk, zip, item, archive, entryPath)
      if (inner) nested.push({ path: entryPath, bytes: inner })
    }
  } finally {
    zip.close()
  }
  for (const inner of nested) {
    if (depth + 1 > walk.limits.maxDepth) {
      throw new LimitExceeded(walk.threat(THREAT.limit('Depth'), inner.path))
    }
    await walkZip(walk, inner.bytes, inner.path, depth + 1)
  }
}

/**
 * Inspects a zip (and zips inside it, down to `maxDepth`) the way extractors see it: the central
 * directory, read with yauzl, is checked against the local headers (any disagreement is an
 * `ARCHIVE_MISMATCH` threat), then every entry it lists is inflated while the bytes actually inflated
 * are counted, never the sizes the headers declare. It stops at the first limit exceeded and reports
 * it as a threat; encrypted entries are reported and skipped. `engine` names the engine in threats.
 */
export async function inspectZip(
  bytes: Uint8Array,
  name: string,
  limits: ZipLimits,
  engine = 'builtin',
): Promise<ZipInspection> {
  const walk = new Walk(limits, engine)
  try {
    await walkZip(walk, bytes, name || 'archive', 1)
  } catch (error) {
    if (error instanceof LimitExceeded) {
      return { entries: walk.found, threats: [...walk.threats, error.threat], inflatedBytes: walk.inflated }
    }
    const message = error instanceof Unreadable ? error.message : `${name}: ${(error as Error).message}`
    return {
      entries: walk.found,
      threats: walk.threats,
      error: scanError('ANTIVIRUS_ARCHIVE_UNREADABLE', message),
      inflatedBytes: walk.inflated,
    }
  }
  return { entries: walk.found, threats: walk.threats, inflatedBytes: walk.inflated }
}
