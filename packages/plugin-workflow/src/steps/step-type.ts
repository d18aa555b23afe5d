import type { ChatMessage, PluginContext, z } from '@banter/core'
import type { Logger } from 'pino'
import type { GuardedResponse } from '../http/guarded-request.js'
import type { TemplateScope } from '../template/template-engine.js'

/** What a step's `run` receives besides its options. */
export interface StepContext {
  /** The workflow id. */
  readonly workflowId: string
  /** The run id. */
  readonly runId: string
  /** The step id. */
  readonly stepId: string
  /** 1 for the first attempt of this step, 2 for the first retry, ... */
  readonly attempt: number
  /**
   * The step's idempotency key: the same on every attempt and after a crash, different for every
   * step of every run. Pass it to whatever the step changes (`nonce`, `Idempotency-Key`).
   */
  readonly idempotencyKey: string
  /** Aborted on step timeout, run cancel or timeout, and when the worker closes. */
  readonly signal: AbortSignal
  /** The template scope: `trigger`, `steps`, `vars`, `run`, `workflow`. */
  readonly scope: TemplateScope
  /** The chat message that triggered the run, when there is one. */
  readonly message: ChatMessage | undefined
  /**
   * Renders a template over the scope. Every template of one attempt shares the attempt's budget
   * (`limits.renderChars`, `limits.renderTime`, `limits.renderMemory`); running out throws
   * `WORKFLOW_TEMPLATE_LIMIT` or `WORKFLOW_TEMPLATE_TIMEOUT`, which fails the attempt.
   */
  render(template: string): string
  /** Renders every string inside a value (on the same budget as {@link StepContext.render}). */
  renderValue(value: unknown): unknown
  /** Evaluates a Liquid condition over the scope (within `limits.conditionTime` and `limits.conditionMemory`). */
  test(expression: string): boolean
  /** The workflow plugin's context (messages, services, commands, logger). */
  readonly plugin: PluginContext<unknown>
  /** A logger for the run. */
  readonly logger: Logger
  /** The queue clock, in milliseconds since the epoch. */
  now(): number
  /** Sends an HTTP request through the plugin's address policy (loopback and private refused). */
  http(request: {
    method: string
    url: string
    headers?: Readonly<Record<string, string>>
    body?: string
    timeoutMs?: number
  }): Promise<GuardedResponse>
}

/** What a step returns. */
export interface StepResult {
  /**
   * Its output, as `steps.<id>` in later templates (JSON data), capped to `limits.recordValue`
   * characters of JSON like everything a run record keeps.
   */
  readonly output?: unknown
  /** Variables to set (`vars.<name>`). */
  readonly vars?: Readonly<Record<string, unknown>>
  /** Pause the run until this time (durable: the run's job waits in the queue). */
  readonly delayUntil?: number
}

/** Facts about the workflow a step type may check its options against at load. */
export interface StepFacts {
  /** Whether the trigger carries a chat message (`message.received` events and commands). */
  readonly triggerHasMessage: boolean
  /** The trigger kind. */
  readonly triggerKind: string
}

/** A problem a step type found in its options, at a path relative to the step. */
export interface StepProblem {
  readonly path: readonly (string | number)[]
  readonly message: string
}

/**
 * A kind of step. The built-in ones are `send`, `reply`, `ai`, `http`, `delay`, `set`, `command` and
 * `log` (`if` is structural); plugins add theirs with `workflows.registerStepType`.
 *
 * Steps may run more than once (a retry, a worker crash): make `run` idempotent, or pass
 * `context.idempotencyKey` to what it changes.
 *
 * @example
 * ```ts
 * workflows.registerStepType({
 *   type: 'shout', description: 'Logs text in capitals',
 *   schema: z.strictObject({ text: z.string() }),
 *   run: (config, step) => ({ output: step.render(config.text).toUpperCase() }),
 * })
 * ```
 */
export interface StepType<Config = unknown> {
  /** The `type` name in definitions. */
  readonly type: string
  /** One line for docs and errors. */
  readonly description: string
  /** Its options (without the common `type`, `id`, `retry`, `timeout`, `continueOnError`). */
  readonly schema: z.ZodType<Config>
  /** Extra load-time checks. */
  check?(config: Config, facts: StepFacts): readonly StepProblem[]
  /** Variables the step sets (so later templates may read them). */
  sets?(config: Config): readonly string[]
  /** Runs one attempt. Throw to fail it (retried unless the error says `retryable: false`). */
  run(config: Config, context: StepContext): StepResult | undefined | Promise<StepResult | undefined>
}

/** Any step type. */
// biome-ignore lint/suspicious/noExplicitAny: step types of any options type live in one registry
export type AnyStepType = StepType<any>
