import type { PluginContext } from '@banter/core'
import type { StepOp } from '../definition/workflow.js'
import { workflowError } from '../errors.js'
import type { AddressPolicy } from '../http/address-policy.js'
import type { RunRecord } from '../queue/run-record.js'
import type { StepRegistry } from '../steps/step-registry.js'
import type { StepResult } from '../steps/step-type.js'
import type { TemplateEngine, TemplateScope } from '../template/template-engine.js'
import type { RunControl } from './run-control.js'
import { cancelRequest, Interrupted } from './run-interrupts.js'
import { createStepContext } from './step-context.js'

/** What every attempt of a run's steps shares (the executor's tools). */
export interface AttemptTools {
  readonly ctx: PluginContext<unknown>
  readonly steps: StepRegistry
  readonly templates: TemplateEngine
  readonly policy: AddressPolicy
  readonly maxResponseBytes: number
  readonly cancelPollMs: number
  /** Whether another process may cancel the run (then a waiting step polls for a cancel request). */
  readonly durable: boolean
  /** Whether another process asked the run to stop. */
  cancelRequested(runId: string): Promise<boolean>
  now(): number
}

/** One attempt of one step. */
export interface Attempt {
  readonly workflowId: string
  readonly record: RunRecord
  readonly op: StepOp
  readonly scope: TemplateScope
  /** 1 for the first attempt. */
  readonly attempt: number
  /** What is left of the step's timeout and the run's (the smaller). */
  readonly timeoutMs: number
  readonly control: RunControl
  /** Called once if the step waits (returns a promise), before anything else happens. */
  readonly onWait?: () => void
}

/**
 * Runs one attempt of a step. A step that answers at once (`set`, `log`, `delay`...) gets its answer
 * returned as is: no timer could fire and nothing else ran meanwhile, so there is nothing to time out
 * or race, and no promise, timer or signal is made. A step that waits is raced against its timeout
 * (rejects with {@link Interrupted} `step-timeout` or `run-timeout`), the run's stop switch and,
 * when the run is durable, a cancel request made by another process (polled). A step that throws
 * throws (synchronously when it did).
 */
export function attemptStep(
  tools: AttemptTools,
  attempt: Attempt,
): StepResult | undefined | Promise<StepResult | undefined> {
  const { op, record, control } = attempt
  const stepType = tools.steps.get(op.type)
  if (!stepType) {
    throw workflowError('WORKFLOW_INVALID', `step type "${op.type}" is not registered in this process`)
  }
  let local: AbortController | undefined
  const signal = (): AbortController => {
    if (local === undefined) {
      local = new AbortController()
      if (control.aborted) local.abort(control.reason)
    }
    return local
  }
  const context = createStepContext({
    ctx: tools.ctx,
    templates: tools.templates,
    policy: tools.policy,
    maxResponseBytes: tools.maxResponseBytes,
    now: tools.now,
    workflowId: attempt.workflowId,
    record,
    stepId: op.id,
    scope: attempt.scope,
    attempt: attempt.attempt,
    signal: () => signal().signal,
  })
  const pending = stepType.run(op.config, context)
  if (typeof (pending as PromiseLike<unknown> | undefined)?.then !== 'function')
    return pending as StepResult | undefined
  attempt.onWait?.()
  return race(tools, attempt, pending as Promise<StepResult | undefined>, signal())
}

/** Waits for a step that waits: its answer, or why it was interrupted first. */
async function race(
  tools: AttemptTools,
  attempt: Attempt,
  pending: Promise<StepResult | undefined>,
  local: AbortController,
): Promise<StepResult | undefined> {
  const { control, op, timeoutMs } = attempt
  const timers = tools.ctx.timers
  const disposers: (() => void)[] = []
  disposers.push(
    timers.setTimeout(
      () => local.abort(new Interrupted(timeoutMs < op.timeoutMs ? 'run-timeout' : 'step-timeout')),
      timeoutMs,
    ),
  )
  disposers.push(control.onAbort((reason) => local.abort(reason)))
  if (tools.durable) {
    const runId = attempt.record.id
    disposers.push(
      timers.setInterval(() => {
        void tools.cancelRequested(runId).then(
          (yes) => {
            if (yes) control.abort(cancelRequest())
          },
          () => undefined,
        )
      }, tools.cancelPollMs),
    )
  }
  const aborted = new Promise<never>((_resolve, reject) => {
    const fail = () =>
      reject(local.signal.reason instanceof Interrupted ? local.signal.reason : new Interrupted('cancelled'))
    if (local.signal.aborted) fail()
    else local.signal.addEventListener('abort', fail, { once: true })
  })
  aborted.catch(() => undefined)
  try {
    return await Promise.race([pending, aborted])
  } finally {
    for (const dispose of disposers) dispose()
  }
}
