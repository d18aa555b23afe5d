import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { FileInput, FileMeta, ScanResult } from '@banter/core'
import { normalizeFileName } from '../engines/builtin/file-name.js'
import type { FileEngine } from '../engines/file-engine.js'
import { scanError } from '../errors.js'
import type { EngineVerdict, FoundThreat } from '../threats.js'
import { collectFile } from './file-input.js'
import type { ScanCache } from './scan-cache.js'
import type { ScanStats } from './scan-stats.js'

/** What {@link FileScanner} works with. */
export interface FileScannerDeps {
  /** Engines, in order. */
  readonly engines: readonly FileEngine[]
  /** Verdict cache. */
  readonly cache: ScanCache
  /** Counters. */
  readonly stats: ScanStats
  /** Larger files are not scanned (verdict `error`). */
  readonly maxFileSize: number
}

/** A {@link ScanResult} of a file, with the plugin's richer threats. */
export interface FileScanResult extends ScanResult {
  /** What was found, with where. */
  readonly threats: readonly FoundThreat[]
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Scans files: reads the input up to `maxFileSize`, hashes it, answers from the cache when it can,
 * otherwise runs the engines in order (stopping at the first `infected`) and combines their verdicts:
 * infected if one found something, else error if one failed, else clean. Concurrent scans of the same
 * bytes share one run.
 */
export class FileScanner {
  readonly #deps: FileScannerDeps
  readonly #inFlight = new Map<string, Promise<FileScanResult>>()

  constructor(deps: FileScannerDeps) {
    this.#deps = deps
  }

  /** Scans one file. Throws only `ANTIVIRUS_INPUT_INVALID` (the input is not bytes). */
  async scan(input: FileInput, meta: FileMeta = {}, signal?: AbortSignal): Promise<FileScanResult> {
    const started = performance.now()
    const { maxFileSize, cache, stats } = this.#deps
    const collected = await collectFile(input, maxFileSize)
    if (!collected.ok) {
      stats.fileErrors += 1
      return {
        safe: false,
        verdict: 'error',
        threats: [],
        scanTimeMs: performance.now() - started,
        error: scanError(
          'ANTIVIRUS_FILE_TOO_LARGE',
          `${meta.name ?? 'the file'} is larger than maxFileSize (${maxFileSize} bytes); not scanned`,
        ),
      }
    }
    const bytes = collected.bytes
    const sha256 = sha256Of(bytes)
    const key = `${sha256}:${normalizeFileName(meta.name).extensions.join(',')}`
    const cached = cache.get(key)
    if (cached !== undefined) {
      stats.cacheHits += 1
      return { ...(cached as FileScanResult), scanTimeMs: performance.now() - started }
    }
    let running = this.#inFlight.get(key)
    if (running === undefined) {
      running = this.#run(bytes, meta, sha256, started, signal).finally(() => this.#inFlight.delete(key))
      this.#inFlight.set(key, running)
      const result = await running
      cache.set(key, result)
      return result
    }
    const shared = await running
    return { ...shared, scanTimeMs: performance.now() - started }
  }

  async #run(
    bytes: Uint8Array,
    meta: FileMeta,
    sha256: string,
    started: number,
    signal: AbortSignal | undefined,
  ): Promise<FileScanResult> {
    const { engines, stats } = this.#deps
    const verdicts: EngineVerdict[] = []
    for (const engine of engines) {
      let verdict: EngineVerdict
      try {
        verdict = await engine.scan(bytes, meta, sha256, signal)
      } catch (error) {
        verdict = {
          verdict: 'error',
          threats: [],
          error: scanError(
            'ANTIVIRUS_ENGINE_FAILED',
            `engine ${engine.name} threw: ${(error as Error).message}`,
          ),
        }
      }
      const counters = stats.engine(engine.name)
      counters.scans += 1
      if (verdict.verdict === 'infected') counters.infected += 1
      if (verdict.verdict === 'error') counters.errors += 1
      verdicts.push(verdict)
      if (verdict.verdict === 'infected') break
    }
    stats.filesScanned += 1
    const threats = verdicts.flatMap((v) => v.threats)
    const errors = verdicts.filter((v) => v.verdict === 'error').map((v) => v.error ?? 'unknown error')
    const scanTimeMs = performance.now() - started
    if (threats.length > 0) {
      stats.filesInfected += 1
      return { safe: false, verdict: 'infected', threats, scanTimeMs, sha256 }
    }
    if (errors.length > 0) {
      stats.fileErrors += 1
      return { safe: false, verdict: 'error', threats: [], scanTimeMs, sha256, error: errors.join('; ') }
    }
    return { safe: true, verdict: 'clean', threats: [], scanTimeMs, sha256 }
  }
}
