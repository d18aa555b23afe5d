import { createInflateRaw } from 'node:zlib'
import type { ZipFile } from 'yauzl'
import { scanError } from '../../errors.js'
import { type FoundThreat, THREAT } from '../../threats.js'
import { type DirectoryEntry, openZip, readZipDirectory, ZipUnreadable } from './zip-directory.js'
import type { ZipEntry, ZipLimits } from './zip-walk.js'
import { EntrySink, LimitExceeded, Overrun, Unreadable, Walk } from './zip-walk.js'

export type { ZipEntry, ZipLimits } from './zip-walk.js'

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

// Inflated bytes per piece: limits are checked at least this often.
const INFLATE_CHUNK = 256 * 1024

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
