/** Counters of one engine. */
export interface EngineCounters {
  /** Files the engine was given. */
  scans: number
  /** Files it found something in. */
  infected: number
  /** Files it could not scan. */
  errors: number
}

/**
 * What this bot process scanned since it started (`!scan stats`). Counters are per process: each
 * shard reports its own.
 */
export class ScanStats {
  /** Files scanned by the engines (cache hits excluded). */
  filesScanned = 0
  /** Files answered from the scan cache. */
  cacheHits = 0
  /** Files found infected. */
  filesInfected = 0
  /** Files that could not be scanned (too large, engine errors). */
  fileErrors = 0
  /** Messages checked. */
  messagesScanned = 0
  /** Messages with a finding. */
  messagesFlagged = 0
  /** Messages stopped. */
  messagesBlocked = 0
  /** Files let through unscanned because `failMode` is `open`. */
  passedOnError = 0
  /** Counters per engine, by name. */
  readonly engines = new Map<string, EngineCounters>()

  /** The counters of `engine`, created on first use. */
  engine(name: string): EngineCounters {
    let counters = this.engines.get(name)
    if (counters === undefined) {
      counters = { scans: 0, infected: 0, errors: 0 }
      this.engines.set(name, counters)
    }
    return counters
  }
}
