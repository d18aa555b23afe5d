import type { FileMeta } from '@banter/core'
import type { BuiltinEngineOptions } from '../../options.js'
import { dedupeThreats as dedupe, type EngineVerdict, type FoundThreat, THREAT } from '../../threats.js'
import type { FileEngine } from '../file-engine.js'
import { isEicar } from './eicar.js'
import { isMismatch } from './file-kinds.js'
import { normalizeFileName } from './file-name.js'
import { isArchive } from './zip-directory.js'
import { inspectZip } from './zip-inspector.js'

/**
 * The built-in engine: no server needed. It flags the EICAR test file (per its specification),
 * blocklisted SHA-256 digests, executables found by their magic bytes (file-type) whatever their
 * name, blocked extensions, names whose extension contradicts the bytes, and it inspects zips (nested
 * too) within bomb limits, checking every entry the same way and flagging encrypted ones.
 *
 * It is a filter for the obvious, not an antivirus: add the `clamav` engine for signatures.
 */
export class BuiltinEngine implements FileEngine {
  readonly name = 'builtin'
  readonly #options: BuiltinEngineOptions
  readonly #hashes: () => ReadonlyMap<string, string | undefined>
  readonly #blockedTypes: ReadonlySet<string>
  readonly #blockedExtensions: ReadonlySet<string>

  /**
   * @param options the `builtin` options
   * @param hashes the current SHA-256 blocklist (digest -> threat name); read on every scan, so list
   *   reloads apply at once
   */
  constructor(options: BuiltinEngineOptions, hashes: () => ReadonlyMap<string, string | undefined>) {
    this.#options = options
    this.#hashes = hashes
    this.#blockedTypes = new Set(options.blockedTypes.map((t) => t.toLowerCase()))
    this.#blockedExtensions = new Set(
      options.blockedExtensions.map((e) => e.toLowerCase().replace(/^\./, '')),
    )
  }

  async scan(bytes: Uint8Array, meta: FileMeta, sha256: string): Promise<EngineVerdict> {
    const name = meta.name ?? ''
    const threats: FoundThreat[] = []
    const sniffed = await this.#check(threats, bytes, bytes.length, name, sha256, undefined)
    let error: string | undefined
    if (await isArchive(bytes, sniffed)) {
      const inspection = await inspectZip(bytes, name || 'archive', this.#options.archives)
      threats.push(...inspection.threats)
      for (const entry of inspection.entries) {
        await this.#check(threats, entry.head, entry.size, entry.name, entry.sha256, entry.path)
      }
      error = inspection.error
    }
    if (threats.length > 0) return { verdict: 'infected', threats: dedupe(threats) }
    if (error !== undefined) return { verdict: 'error', threats: [], error }
    return { verdict: 'clean', threats: [] }
  }

  // Checks one file or entry; returns the sniffed extension.
  async #check(
    threats: FoundThreat[],
    bytes: Uint8Array,
    size: number,
    name: string,
    sha256: string,
    location: string | undefined,
  ): Promise<string | undefined> {
    const at = location === undefined ? {} : { location }
    const listed = this.#hashes().get(sha256)
    if (this.#hashes().has(sha256)) threats.push({ name: listed ?? THREAT.sha256, engine: this.name, ...at })
    if (isEicar(bytes, size)) threats.push({ name: THREAT.eicar, engine: this.name, ...at })
    const normalized = normalizeFileName(name)
    const ext = normalized.extensions[0] ?? ''
    for (const blocked of normalized.extensions.filter((e) => this.#blockedExtensions.has(e))) {
      threats.push({ name: THREAT.blockedExtension(blocked), engine: this.name, ...at })
    }
    if (normalized.bidiControls) threats.push({ name: THREAT.bidiName, engine: this.name, ...at })
    // file-type (and its tokenizer) loads at the first attachment, not at start.
    const { fileTypeFromBuffer } = await import('file-type')
    const type = await fileTypeFromBuffer(bytes).catch(() => undefined)
    if (type === undefined) return undefined
    if (this.#options.blockExecutables && this.#blockedTypes.has(type.ext)) {
      threats.push({ name: THREAT.executable(type.ext), engine: this.name, ...at })
    }
    if (this.#options.flagExtensionMismatch && ext && isMismatch(ext, type.ext)) {
      threats.push({ name: THREAT.mismatch(ext, type.ext), engine: this.name, ...at })
    }
    return type.ext
  }
}
