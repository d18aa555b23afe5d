import type { Duration } from './duration.js'

/** How overlapping runs of one workflow behave (as in Home Assistant automations). */
export type WorkflowMode = 'single' | 'queued' | 'parallel' | 'restart'

/** Starts a run when a bot event fires (`message.received`, `member.joined`, any `BotEvents` name). */
export interface EventTriggerInput {
  /** The event name. */
  readonly event: string
  /** `message.received` only: a regular expression the content must match; groups go to `trigger.match`. */
  readonly pattern?: string
  /** Regular expression flags (`i`, `m`, `s`, `u`). */
  readonly flags?: string
  /** `message.received` only: channel ids to listen in (all when absent). */
  readonly channels?: readonly string[]
  /** `message.received` only: ignore messages from bots (default true). */
  readonly ignoreBots?: boolean
  /**
   * A template giving the idempotency key of the event (default: the message id for messages, the
   * guild and user for `member.joined`, `id` or `runId` fields for other events).
   */
  readonly key?: string
}

/** Starts runs on a schedule, through BullMQ job schedulers (one per workflow, never duplicated). */
export interface ScheduleTriggerInput {
  /** `{ cron: '0 9 * * *', tz: 'Europe/Paris' }` (5 or 6 fields) or `{ every: '1h' }`. */
  readonly schedule: { readonly cron: string; readonly tz?: string } | { readonly every: Duration }
}

/** Starts a run from chat: `!run <id> [args]`. */
export interface CommandTriggerInput {
  /** `true`, or an object with a description for `!help`. */
  readonly command: true | { readonly description?: string }
}

/** Starts a run from `POST /plugins/workflow/hooks/<id>` carrying the shared secret. */
export interface WebhookTriggerInput {
  /** `{ secret }`: the shared secret (default: the plugin's `webhookSecret`). */
  readonly webhook: { readonly secret?: string } | true
}

/** Started only by hand (`!workflow run`) or from code (`workflows.start`). */
export interface ManualTriggerInput {
  /** `true`. */
  readonly manual: true
}

/** What starts a workflow. */
export type TriggerInput =
  | EventTriggerInput
  | ScheduleTriggerInput
  | CommandTriggerInput
  | WebhookTriggerInput
  | ManualTriggerInput

/** Retry policy of a step: `attempts` in all, waiting `backoff`, then twice as long, and so on. */
export interface RetryInput {
  /** Attempts in all, including the first (default 3). */
  readonly attempts?: number
  /** The first wait (default `1s`). */
  readonly backoff?: Duration
  /** The longest wait (default `5m`). */
  readonly maxBackoff?: Duration
}

/** Fields every step has, besides those of its type. */
export interface StepCommonInput {
  /** The step type: `send`, `reply`, `ai`, `http`, `delay`, `set`, `if`, `command`, `log`, or a registered one. */
  readonly type: string
  /** The step id, for `steps.<id>` in later templates (default `step1`, `step2`, ... in order). */
  readonly id?: string
  /** Retry policy (default: the workflow's `retry`). */
  readonly retry?: RetryInput
  /** How long one attempt may take (default `2m`). */
  readonly timeout?: Duration
  /** Go on with the next step when this one fails for good (its output is then `{ error }`). */
  readonly continueOnError?: boolean
}

/** A step as written in config: the common fields plus those of its type. */
export interface StepInput extends StepCommonInput {
  readonly [field: string]: unknown
}

/**
 * A workflow as written in config (YAML) or passed to `workflows.register` in code.
 *
 * @example
 * ```yaml
 * - id: welcome
 *   trigger: { event: member.joined }
 *   steps:
 *     - type: send
 *       channel: "123456789"
 *       text: "Welcome, {{ trigger.user.name }}!"
 * ```
 */
export interface WorkflowInput {
  /** Unique id: letters, digits, `-` and `_`. */
  readonly id: string
  /** One line on what it does. */
  readonly description?: string
  /** What starts it. */
  readonly trigger: TriggerInput
  /** Liquid expressions that must all be true for a trigger to start a run. */
  readonly conditions?: readonly string[]
  /** Initial variables. */
  readonly vars?: Readonly<Record<string, unknown>>
  /** The steps, in order. */
  readonly steps: readonly StepInput[]
  /** Overlapping runs: `single` (default: a new trigger is ignored while a run is on), `queued`, `parallel`, `restart`. */
  readonly mode?: WorkflowMode
  /** `parallel`: runs at once (default 10); more wait their turn. */
  readonly concurrency?: number
  /** `queued` and `parallel`: runs that may wait (default 100); more are dropped. */
  readonly max?: number
  /** Time a run may spend executing steps, durable delays not counted (default `10m`). */
  readonly timeout?: Duration
  /** Default retry policy of its steps. */
  readonly retry?: RetryInput
}

/**
 * Identity helper that types a workflow written in code.
 *
 * @example
 * ```ts
 * ctx.services.get('workflows').register(defineWorkflow({ id: 'hello', trigger: { command: true }, steps: [{ type: 'reply', text: 'hi' }] }))
 * ```
 */
export function defineWorkflow(input: WorkflowInput): WorkflowInput {
  return input
}
