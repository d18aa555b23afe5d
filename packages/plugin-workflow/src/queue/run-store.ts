/** How many runs of one workflow may run and wait; `evict` (restart mode) cancels the others. */
export interface AdmitPolicy {
  /** Runs at once. */
  readonly limit: number
  /** Runs that may wait for a slot. */
  readonly maxWaiting: number
  /** Take every slot away from older runs first (they are returned as `evicted`). */
  readonly evict: boolean
}

/** The outcome of {@link RunStore.admit}. */
export interface Admission {
  /** `start`: it holds a slot; `wait`: it waits its turn; `full`: refused. */
  readonly outcome: 'start' | 'wait' | 'full'
  /** Runs that lost their slot or place (restart mode). */
  readonly evicted: readonly string[]
}

/** A new run for {@link RunStore.open}. */
export interface NewRun {
  /** Run id. */
  readonly runId: string
  /** Workflow id (its slots). */
  readonly workflowId: string
  /** The run record to save. */
  readonly record: unknown
  /** When it was created (its place in the recent-runs list). */
  readonly at: number
  /** The idempotency key to claim first, and for how long. */
  readonly claim?: { readonly key: string; readonly ttlMs: number }
  /** Slots of the workflow. */
  readonly policy: AdmitPolicy
}

/** The outcome of {@link RunStore.open}. */
export interface Opening {
  /** `duplicate`: the key was claimed by `holder` already, nothing was saved; else as {@link Admission}. */
  readonly outcome: Admission['outcome'] | 'duplicate'
  /** Runs that lost their slot or place (restart mode). */
  readonly evicted: readonly string[]
  /** The run holding the idempotency key (`duplicate`). */
  readonly holder?: string
}

/** Which slot {@link RunStore.close} frees. */
export interface SlotRelease {
  readonly workflowId: string
  /** Runs at once of the workflow. */
  readonly limit: number
}

/**
 * Where runs, slots and idempotency claims live. Every operation that several workers may race on
 * (claim, admit, release) is atomic. The memory store keeps it in the process; the Redis store in
 * Redis, shared by every bot and worker process.
 */
export interface RunStore {
  /** A run record. */
  get<Value>(runId: string): Promise<Value | undefined>
  /**
   * Saves a run record. A record saved with `ttlMs` is finished: it expires after `ttlMs`, and only
   * the newest `maxRuns` finished records are kept (the oldest dropped first). Records saved without
   * it (runs not finished) are never dropped.
   */
  put(runId: string, record: unknown, ttlMs?: number): Promise<void>
  /**
   * Starts a run in one atomic step: claims its idempotency key (or resolves to `duplicate` and
   * saves nothing), saves its record, admits it ({@link RunStore.admit}) and, unless refused, adds it
   * to the recent-runs list.
   */
  open(run: NewRun): Promise<Opening>
  /** Saves the record of a run not finished; resolves to whether the run was asked to stop. */
  save(runId: string, record: unknown): Promise<boolean>
  /**
   * Saves a finished run (as `put` with `ttlMs`) and, with `release`, frees its slot in the same
   * atomic step (as {@link RunStore.release}); resolves to the run moved into the slot.
   */
  close(runId: string, record: unknown, ttlMs: number, release?: SlotRelease): Promise<string | undefined>
  /** Adds a run id to the recent-runs list. */
  remember(runId: string, at: number): Promise<void>
  /** The most recent run ids, newest first. */
  recent(limit: number): Promise<string[]>
  /**
   * Claims an idempotency key for `runId` for `ttlMs`. Resolves to `undefined` when claimed now, or to
   * the run id that holds it already.
   */
  claim(key: string, runId: string, ttlMs: number): Promise<string | undefined>
  /** Gives up a claim (the run was refused after all). */
  unclaim(key: string, runId: string): Promise<void>
  /** Atomically gives `runId` a slot of `workflowId`, a place in line, or nothing. */
  admit(workflowId: string, runId: string, policy: AdmitPolicy): Promise<Admission>
  /**
   * Atomically frees the slot or place of `runId` and, when a slot is free, moves the next waiting run
   * into it; resolves to that run's id.
   */
  release(workflowId: string, runId: string, limit: number): Promise<string | undefined>
  /** Runs holding a slot and runs waiting, oldest first. */
  slots(workflowId: string): Promise<{ active: string[]; waiting: string[] }>
  /** Asks a run to stop. */
  requestCancel(runId: string, ttlMs: number): Promise<void>
  /** Whether a run was asked to stop. */
  cancelRequested(runId: string): Promise<boolean>
}
