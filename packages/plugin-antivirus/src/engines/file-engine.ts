import type { FileMeta } from '@banter/core'
import type { EngineVerdict } from '../threats.js'

/** A file scanning engine. The plugin runs its engines in order and combines their verdicts. */
export interface FileEngine {
  /** Engine name, as threats report it: `builtin`, `clamav`. */
  readonly name: string
  /**
   * Scans `bytes`. Never throws for a scan problem: it returns verdict `error` with the reason.
   * `signal` aborts the scan (the plugin's deadline passed or the plugin stopped).
   */
  scan(bytes: Uint8Array, meta: FileMeta, sha256: string, signal?: AbortSignal): Promise<EngineVerdict>
}
