import type { BanterError } from '@banter/core'
import { workflowError } from '../errors.js'

/** How much work templates may do: per step attempt (`render*`) and per condition (`condition*`). */
export interface TemplateLimits {
  /** Characters the templates of one step attempt may produce, all fields together. */
  readonly renderChars: number
  /** Milliseconds the templates of one step attempt may take to render, all fields together. */
  readonly renderTimeMs: number
  /** Liquid allocation budget of one step attempt (liquidjs `memoryLimit` units: characters or items). */
  readonly renderMemory: number
  /** Milliseconds one condition (`conditions`, an `if` step) may take. */
  readonly conditionTimeMs: number
  /** Liquid allocation budget of one condition. */
  readonly conditionMemory: number
}

/** The defaults of {@link TemplateLimits} (the plugin's `limits` options). */
export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = {
  renderChars: 100_000,
  renderTimeMs: 250,
  renderMemory: 1_000_000,
  conditionTimeMs: 50,
  conditionMemory: 100_000,
}

type Resource = 'chars' | 'time' | 'memory'

/** Thrown from inside liquidjs when a budget runs out; the engine turns it into a workflow error. */
export class BudgetExceeded extends Error {
  constructor(readonly resource: Resource) {
    super(`template ${resource} budget exceeded`)
  }
}

const CLOCK_EVERY = 64

/** Milliseconds of CPU time this process has used (all its threads). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * What one step attempt (or one condition) may spend on Liquid: output characters, allocations
 * (liquidjs `memoryLimit`) and time. Every template the step renders draws on the same budget, so
 * spreading the work over several fields does not multiply it. Time counts only while rendering,
 * on the real clock (not the bot clock: it protects the event loop), and runs out when both the
 * wall time and the process's CPU time spent exceed the limit: a host too busy to schedule the bot
 * (wall time without CPU) or busy threads elsewhere in the process (CPU without wall time) do not
 * fail a template that did little work.
 */
export class TemplateBudget {
  /** `step` or `condition`: names the limits in error messages. */
  readonly scope: 'step' | 'condition'
  readonly #limits: { readonly chars: number; readonly memory: number; readonly timeMs: number }
  #chars = 0
  #memory = 0
  #spentMs = 0
  #spentCpuMs = 0
  #deadline = Number.POSITIVE_INFINITY
  #cpuDeadline = Number.POSITIVE_INFINITY
  #ticks = 0
  #exceeded: BudgetExceeded | undefined

  /** The liquidjs `memoryLimit` of contexts rendered on this budget. */
  readonly memoryLimiter = {
    budget: this as TemplateBudget,
    use: (count: number): void => {
      if (!(+count > 0)) return
      this.#memory += +count
      if (this.#memory > this.#limits.memory) this.#fail('memory')
    },
    check: (): void => undefined,
  }

  /** The liquidjs `renderLimit` of contexts rendered on this budget (checked between nodes). */
  readonly renderLimiter = {
    use: (): void => undefined,
    check: (): void => this.tick(true),
  }

  constructor(
    scope: 'step' | 'condition',
    limits: { readonly chars: number; readonly memory: number; readonly timeMs: number },
  ) {
    this.scope = scope
    this.#limits = limits
  }

  /** Charges `count` output characters. */
  write(count: number): void {
    this.#chars += count
    if (this.#chars > this.#limits.chars) this.#fail('chars')
  }

  /** One step of evaluation: fails once the budget is spent; reads the clock every few steps. */
  tick(now = false): void {
    if (this.#exceeded) throw this.#exceeded
    this.#ticks += 1
    if ((now || this.#ticks % CLOCK_EVERY === 0) && performance.now() > this.#deadline) {
      if (cpuMs() > this.#cpuDeadline) this.#fail('time')
    }
  }

  /** Runs `work` against the time left; the time it takes is spent whether it succeeds or not. */
  run<T>(work: () => T): T {
    const started = performance.now()
    const startedCpu = cpuMs()
    this.#deadline = started + (this.#limits.timeMs - this.#spentMs)
    this.#cpuDeadline = startedCpu + (this.#limits.timeMs - this.#spentCpuMs)
    try {
      if (this.#deadline <= started && this.#cpuDeadline <= startedCpu) this.#fail('time')
      return work()
    } finally {
      this.#spentMs += performance.now() - started
      this.#spentCpuMs += cpuMs() - startedCpu
      this.#deadline = Number.POSITIVE_INFINITY
      this.#cpuDeadline = Number.POSITIVE_INFINITY
    }
  }

  /**
   * The workflow error for a budget that ran out during a render or evaluation of `what`
   * (`template "..."` or `condition "..."`), or `undefined` when it did not.
   */
  failure(what: string): BanterError | undefined {
    const resource = this.#exceeded?.resource
    if (resource === undefined) return undefined
    const step = this.scope === 'step'
    const option = (name: string) => `limits.${step ? 'render' : 'condition'}${name}`
    if (resource === 'time') {
      return workflowError(
        'WORKFLOW_TEMPLATE_TIMEOUT',
        `${what}: ${step ? "the step's templates took" : 'took'} more than ${this.#limits.timeMs} ms (\`${option('Time')}\`)`,
        { retryable: true },
      )
    }
    const message =
      resource === 'chars'
        ? `the step's templates rendered more than ${this.#limits.chars} characters (\`limits.renderChars\`)`
        : `Liquid built more than ${this.#limits.memory} characters or items (\`${option('Memory')}\`)`
    return workflowError('WORKFLOW_TEMPLATE_LIMIT', `${what}: ${message}`, { retryable: false })
  }

  #fail(resource: Resource): never {
    this.#exceeded ??= new BudgetExceeded(resource)
    throw this.#exceeded
  }
}
