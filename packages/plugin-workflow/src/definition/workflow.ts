import type { WorkflowMode } from './workflow-types.js'

/** A validated trigger. */
export type Trigger =
  | {
      readonly kind: 'event'
      readonly event: string
      readonly pattern?: RegExp
      readonly channels?: ReadonlySet<string>
      readonly ignoreBots: boolean
      readonly key?: string
    }
  | { readonly kind: 'schedule'; readonly cron?: string; readonly tz?: string; readonly every?: number }
  | { readonly kind: 'command'; readonly description?: string }
  | { readonly kind: 'webhook'; readonly secret?: string }
  | { readonly kind: 'manual' }

/** A validated retry policy, in milliseconds. */
export interface RetryPolicy {
  /** Attempts in all. */
  readonly attempts: number
  /** First wait. */
  readonly backoffMs: number
  /** Longest wait. */
  readonly maxBackoffMs: number
}

/** One step of the compiled program. */
export interface StepOp {
  readonly op: 'step'
  /** Step id. */
  readonly id: string
  /** Where it is in the definition, e.g. `steps[2].then[0]`. */
  readonly path: string
  /** Step type. */
  readonly type: string
  /** The type's options as validated (strings are still templates). */
  readonly config: unknown
  /** Retry policy. */
  readonly retry: RetryPolicy
  /** Time one attempt may take. */
  readonly timeoutMs: number
  /** Go on after a final failure. */
  readonly continueOnError: boolean
}

/** An `if` step: evaluates `condition`; when false, jumps to `elseAt`. */
export interface BranchOp {
  readonly op: 'branch'
  readonly id: string
  readonly path: string
  readonly condition: string
  readonly elseAt: number
}

/** End of a `then` branch: jumps over the `else` branch. */
export interface JumpOp {
  readonly op: 'jump'
  readonly path: string
  readonly to: number
}

/** One instruction; runs resume at an instruction index after a crash or a delay. */
export type Op = StepOp | BranchOp | JumpOp

/** A validated, compiled workflow. */
export interface Workflow {
  readonly id: string
  readonly description: string
  readonly trigger: Trigger
  readonly conditions: readonly string[]
  readonly vars: Readonly<Record<string, unknown>>
  /** The steps, flattened: `if` compiles to a branch and a jump. */
  readonly program: readonly Op[]
  readonly mode: WorkflowMode
  /** Runs at once (1 except in `parallel` mode). */
  readonly concurrency: number
  /** Runs that may wait for a slot (0 in `single` and `restart` modes). */
  readonly maxWaiting: number
  /** Time a run may spend executing steps. */
  readonly timeoutMs: number
  /** `config`, or the plugin that registered it. */
  readonly source: string
}

/** A short description of a trigger, for lists: `event message.received`, `cron 0 9 * * * (UTC)`. */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'event':
      return `event ${trigger.event}${trigger.pattern ? ` /${trigger.pattern.source}/` : ''}`
    case 'schedule':
      return trigger.cron ? `cron ${trigger.cron} (${trigger.tz ?? 'UTC'})` : `every ${trigger.every} ms`
    case 'command':
      return 'command'
    case 'webhook':
      return 'webhook'
    case 'manual':
      return 'manual'
  }
}
