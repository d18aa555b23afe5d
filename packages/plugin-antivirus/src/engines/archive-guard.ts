import type { FileMeta } from '@banter/core'
import type { BuiltinEngineOptions } from '../options.js'
import { dedupeThreats, type EngineVerdict } from '../threats.js'
import { isArchive } from './builtin/zip-directory.js'
import { inspectZip } from './builtin/zip-inspector.js'
import type { FileEngine } from './file-engine.js'

/**
 * The built-in archive checks alone (bomb limits, nesting depth, encrypted entries, `ARCHIVE_MISMATCH`),
 * run before clamd when the `builtin` engine does not already run first. clamd does not catch what
 * they catch: with `AlertExceedsMax yes` it still answers OK for a streamed zip64 bomb, and it only
 * sees the archive as its central directory describes it.
 *
 * It has nothing to say about what it cannot inflate (a compression method other than stored and
 * deflate, corrupt data): those files go on to clamd, which decides.
 */
export class ArchiveGuard implements FileEngine {
  readonly name = 'archives'
  readonly #limits: BuiltinEngineOptions['archives']

  constructor(limits: BuiltinEngineOptions['archives']) {
    this.#limits = limits
  }

  async scan(bytes: Uint8Array, meta: FileMeta): Promise<EngineVerdict> {
    if (!(await isArchive(bytes))) return { verdict: 'clean', threats: [] }
    const inspection = await inspectZip(bytes, meta.name || 'archive', this.#limits, this.name)
    if (inspection.threats.length > 0)
      return { verdict: 'infected', threats: dedupeThreats(inspection.threats) }
    return { verdict: 'clean', threats: [] }
  }
}
