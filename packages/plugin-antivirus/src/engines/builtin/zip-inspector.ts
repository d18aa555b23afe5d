import { createHash, type Hash } from 'node:crypto'
import { Unzip, type UnzipFile, UnzipInflate } from 'fflate'
import { scanError } from '../../errors.js'
import { type FoundThreat, THREAT } from '../../threats.js'
import { encryptedEntryNames, looksLikeZip } from './zip-headers.js'

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
  /** Limits exceeded and encrypted entries. */
  readonly threats: readonly FoundThreat[]
  /** Set when the archive could not be read: `CODE: what happened`. */
  readonly error?: string
  /** Bytes inflated in total. */
  readonly inflatedBytes: number
}

/** Bytes of each entry kept for type sniffing. */
export const HEAD_BYTES = 8192

// Compressed input is pushed in small pieces: one inflate call then produces at most about a thousand
// times its input (deflate's ceiling is 1032:1), so limits are checked every 16 MiB of output at worst.
// Smaller pieces cost speed (4 KiB halves it) for little gain.
const PUSH_BYTES = 16384
// Ratios are only judged once this much was inflated: tiny files compress absurdly well.
const RATIO_MIN_BYTES = 1024 * 1024
// Yield to the event loop after this many inflated bytes so that a bomb does not freeze the bot.
const YIELD_EVERY_BYTES = 4 * 1024 * 1024

class LimitExceeded extends Error {
  constructor(readonly threat: FoundThreat) {
    super(threat.name)
  }
}

class Unreadable extends Error {}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

class Walk {
  entries = 0
  inflated = 0
  nextYield = YIELD_EVERY_BYTES
  readonly found: ZipEntry[] = []
  readonly threats: FoundThreat[] = []

  constructor(readonly limits: ZipLimits) {}

  addInflated(bytes: number, location: string): void {
    this.inflated += bytes
    if (this.inflated > this.limits.maxTotalBytes) {
      throw new LimitExceeded({ name: THREAT.limit('Size'), engine: 'builtin', location })
    }
  }
}

// Collects one entry: hash, size and head always; all bytes only when the entry is itself a zip.
class EntrySink {
  readonly #hash: Hash = createHash('sha256')
  readonly #chunks: Uint8Array[] = []
  #size = 0
  #decided = false
  #nestedZip = false

  constructor(
    readonly walk: Walk,
    readonly archive: { inflated: number; readonly compressed: number },
    readonly path: string,
    readonly name: string,
    readonly compressedSize: number | undefined,
  ) {}

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.walk.addInflated(chunk.length, this.path)
    this.archive.inflated += chunk.length
    this.#size += chunk.length
    const { maxRatio } = this.walk.limits
    if (
      (this.compressedSize !== undefined &&
        this.#size > RATIO_MIN_BYTES &&
        this.#size / Math.max(1, this.compressedSize) > maxRatio) ||
      (this.archive.inflated > RATIO_MIN_BYTES &&
        this.archive.inflated / Math.max(1, this.archive.compressed) > maxRatio)
    ) {
      throw new LimitExceeded({ name: THREAT.limit('Ratio'), engine: 'builtin', location: this.path })
    }
    this.#hash.update(chunk)
    if (!this.#decided || this.#nestedZip) this.#chunks.push(chunk)
    else if (this.#headLength() < HEAD_BYTES)
      this.#chunks.push(chunk.subarray(0, HEAD_BYTES - this.#headLength()))
    if (!this.#decided && this.#size >= 4) {
      this.#decided = true
      this.#nestedZip = looksLikeZip(concat(this.#chunks, 4))
    }
  }

  #headLength(): number {
    let length = 0
    for (const chunk of this.#chunks) length += chunk.length
    return length
  }

  finish(): { entry: ZipEntry; nested: Uint8Array | undefined } {
    const all = this.#nestedZip ? concat(this.#chunks, this.#size) : undefined
    const head = all ? all.subarray(0, HEAD_BYTES) : concat(this.#chunks, HEAD_BYTES)
    return {
      entry: { path: this.path, name: this.name, size: this.#size, sha256: this.#hash.digest('hex'), head },
      nested: all,
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

async function walkZip(walk: Walk, bytes: Uint8Array, path: string, depth: number): Promise<void> {
  const encrypted = encryptedEntryNames(bytes)
  const archive = { inflated: 0, compressed: bytes.length }
  const nested: { path: string; bytes: Uint8Array }[] = []
  const unzip = new Unzip((file: UnzipFile) => {
    walk.entries += 1
    const entryPath = `${path}/${file.name}`
    if (walk.entries > walk.limits.maxEntries) {
      throw new LimitExceeded({ name: THREAT.limit('Entries'), engine: 'builtin', location: entryPath })
    }
    if (file.name.endsWith('/') && !file.size) return
    if (encrypted.has(file.name) || file.compression === 99) {
      if (walk.limits.blockEncrypted) {
        walk.threats.push({ name: THREAT.encrypted, engine: 'builtin', location: entryPath })
      }
      return
    }
    if (file.compression !== 0 && file.compression !== 8) {
      throw new Unreadable(
        `entry ${entryPath} uses compression method ${file.compression}, which cannot be inspected`,
      )
    }
    const sink = new EntrySink(walk, archive, entryPath, file.name, file.size)
    file.ondata = (error, data, final) => {
      if (error) {
        if (error instanceof LimitExceeded) throw error
        throw new Unreadable(`entry ${entryPath} cannot be inflated: ${error.message}`)
      }
      sink.push(data)
      if (final) {
        const { entry, nested: inner } = sink.finish()
        walk.found.push(entry)
        if (inner) nested.push({ path: entryPath, bytes: inner })
      }
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  if (bytes.length === 0) unzip.push(bytes, true)
  for (let at = 0; at < bytes.length; at += PUSH_BYTES) {
    unzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length)
    if (walk.inflated >= walk.nextYield) {
      walk.nextYield = walk.inflated + YIELD_EVERY_BYTES
      await yieldToLoop()
    }
  }
  for (const inner of nested) {
    if (depth + 1 > walk.limits.maxDepth) {
      throw new LimitExceeded({ name: THREAT.limit('Depth'), engine: 'builtin', location: inner.path })
    }
    await walkZip(walk, inner.bytes, inner.path, depth + 1)
  }
}

/**
 * Inflates a zip (and zips inside it, down to `maxDepth`) with fflate's streaming `Unzip`, counting the
 * bytes actually inflated, never the sizes the headers declare. It stops at the first limit exceeded
 * and reports it as a threat; encrypted entries are reported and skipped.
 */
export async function inspectZip(bytes: Uint8Array, name: string, limits: ZipLimits): Promise<ZipInspection> {
  const walk = new Walk(limits)
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
