/** Counters of one engine. */
export interface EngineCounters {
  scans: number
  infected: number
  errors: number
}

/**
 * What this bot process scanned since it started (`!scan stats`). Counters are per process: each
 * shard reports its own.
 */
export class ScanStats {
  filesScanned = 0
  cacheHits = 0
  filesInfected = 0
  fileErrors = 0
  messagesScanned = 0
  messagesFlagged = 0
  messagesBlocked = 0
  passedOnError = 0
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
