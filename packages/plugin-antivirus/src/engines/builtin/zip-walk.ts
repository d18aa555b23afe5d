import { createHash, type Hash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { type FoundThreat, THREAT } from '../../threats.js'
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

/** Bytes of each entry kept for type sniffing. */
export const HEAD_BYTES = 8192

// Ratios are only judged once this much was inflated: tiny files compress absurdly well.
const RATIO_MIN_BYTES = 1024 * 1024

/** A limit was exceeded: the walk stops with this threat. */
export class LimitExceeded extends Error {
  constructor(readonly threat: FoundThreat) {
    super(threat.name)
  }
}

/** The archive or an entry cannot be read: the walk stops with this error. */
export class Unreadable extends Error {}

/**
 * An entry inflated to more bytes than its header declares: reported as a mismatch, and the rest of
 * it is not inflated.
 */
export class Overrun extends Error {}

/** What a walk through an archive and its nested archives has found and counted so far. */
export class Walk {
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

/** Collects one entry: hash, CRC, size and head always; all bytes only when the entry is itself a zip. */
export class EntrySink {
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
