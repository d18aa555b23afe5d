import type { SoakSample } from './metrics.js'
import type { LogTally } from './soak-bot.js'

/** What the parent tells the soak child (as JSON in argv). */
export interface SoakChildConfig {
  readonly redisUrl: string
  readonly clamdSocket?: string | undefined
  /** How long traffic flows. */
  readonly durationMs: number
  /** Time between two samples. */
  readonly sampleMs: number
  /** Messages per second. */
  readonly rate: number
  /** Messages in flight at most. */
  readonly concurrency: number
}

/** What the child reports at the end. */
export interface SoakChildSummary {
  readonly messages: number
  readonly failedMessages: number
  readonly errors: readonly string[]
  readonly adapter: Readonly<Record<string, number>>
  readonly workflowRuns: { readonly started: number; readonly completed: number; readonly failed: number }
  readonly logs: LogTally
  /** Whether `!ping` was answered after the traffic stopped. */
  readonly answersAfter: boolean
  readonly durationSeconds: number
}

/** One IPC message from the child. */
export type ChildReport =
  | { readonly type: 'sample'; readonly sample: SoakSample }
  | { readonly type: 'done'; readonly summary: SoakChildSummary }
  | { readonly type: 'error'; readonly error: string }
