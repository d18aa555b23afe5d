import type { Liquid, Template } from 'liquidjs'
import { workflowError } from '../errors.js'
import { boundedLiquid, budgetContext, drive, renderOn } from './bounded-liquid.js'
import { type Liquidjs, liquidjs } from './liquidjs.js'
import { DEFAULT_TEMPLATE_LIMITS, TemplateBudget, type TemplateLimits } from './template-budget.js'

/** What templates see: the trigger payload, earlier steps' outputs, variables and the run. */
export interface TemplateScope {
  /** The payload of the trigger that started the run. */
  readonly trigger: unknown
  /** Outputs of completed steps, by step id. */
  readonly steps: Readonly<Record<string, unknown>>
  /** Variables (`set` steps and the workflow's `vars`). */
  readonly vars: Readonly<Record<string, unknown>>
  /** The run: `id`, `attempt`, `startedAt`. */
  readonly run: Readonly<Record<string, unknown>>
  /** The workflow: `id`. */
  readonly workflow: Readonly<Record<string, unknown>>
}

/** The names templates may start from. */
export const SCOPE_ROOTS: readonly string[] = ['trigger', 'steps', 'vars', 'run', 'workflow']

/** One variable a template reads, as a list of path segments (`['steps', 'ask', 'text']`). */
export type VariablePath = readonly (string | number)[]

/**
 * Liquid templates without JavaScript evaluation (liquidjs): no file system access (`include` and
 * `render` find nothing), unknown filters refused, and bounded work: template size (`parseLimit`),
 * and per step attempt the characters rendered, the allocations and the time spent (a
 * {@link TemplateBudget}); conditions have a budget of their own. Parsed templates are cached by
 * source.
 */
export class TemplateEngine {
  readonly #liquid: Liquid
  readonly #limits: TemplateLimits
  readonly #cache = new Map<string, Template[]>()
  readonly #values = new Map<string, Liquidjs.Value>()

  constructor(limits: TemplateLimits = DEFAULT_TEMPLATE_LIMITS) {
    this.#limits = limits
    this.#liquid = boundedLiquid(100_000)
  }

  /** The limits templates run under. */
  get limits(): TemplateLimits {
    return this.#limits
  }

  /** A fresh budget for one step attempt: every template it renders draws on it. */
  budget(): TemplateBudget {
    const l = this.#limits
    return new TemplateBudget('step', {
      chars: l.renderChars,
      memory: l.renderMemory,
      timeMs: l.renderTimeMs,
    })
  }

  /** Parses a template (cached); throws `WORKFLOW_TEMPLATE_FAILED` on a syntax error. */
  parse(source: string): Template[] {
    let parsed = this.#cache.get(source)
    if (parsed === undefined) {
      try {
        parsed = this.#liquid.parse(source)
      } catch (cause) {
        throw workflowError('WORKFLOW_TEMPLATE_FAILED', `template "${clip(source)}": ${firstLine(cause)}`, {
          cause,
          retryable: false,
        })
      }
      if (this.#cache.size > 5_000) this.#cache.clear()
      this.#cache.set(source, parsed)
    }
    return parsed
  }

  /** Whether a string is a template at all (holds `{{` or `{%`). */
  isTemplate(source: string): boolean {
    return source.includes('{{') || source.includes('{%')
  }

  /**
   * Renders a template to text on `budget` (a fresh step budget when none is given). Throws
   * `WORKFLOW_TEMPLATE_FAILED`, or `WORKFLOW_TEMPLATE_LIMIT` / `WORKFLOW_TEMPLATE_TIMEOUT` when the
   * budget runs out.
   */
  render(source: string, scope: TemplateScope, budget: TemplateBudget = this.budget()): string {
    const parsed = this.isTemplate(source) ? this.parse(source) : undefined
    try {
      if (parsed) return renderOn(this.#liquid, parsed, scope, budget)
      budget.write(source.length)
      return source
    } catch (cause) {
      const what = `template "${clip(source)}"`
      throw (
        budget.failure(what) ??
        workflowError('WORKFLOW_TEMPLATE_FAILED', `${what}: ${firstLine(cause)}`, {
          cause,
          retryable: false,
        })
      )
    }
  }

  /** Renders every string inside a value (objects and arrays deeply) on one budget; other values pass through. */
  renderValue(value: unknown, scope: TemplateScope, budget: TemplateBudget = this.budget()): unknown {
    if (typeof value === 'string') return this.render(value, scope, budget)
    if (Array.isArray(value)) return value.map((item) => this.renderValue(item, scope, budget))
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) out[key] = this.renderValue(item, scope, budget)
      return out
    }
    return value
  }

  /**
   * Evaluates a Liquid expression (`trigger.message.author.bot == false`) to a value, within the
   * condition limits. Throws `WORKFLOW_TEMPLATE_FAILED`, `WORKFLOW_TEMPLATE_LIMIT` or
   * `WORKFLOW_TEMPLATE_TIMEOUT`.
   */
  evaluate(expression: string, scope: TemplateScope | Record<string, unknown>): unknown {
    this.parse(asCondition(expression))
    const l = this.#limits
    const budget = new TemplateBudget('condition', {
      chars: Number.POSITIVE_INFINITY,
      memory: l.conditionMemory,
      timeMs: l.conditionTimeMs,
    })
    try {
      const value = this.#value(expression)
      return budget.run(() => drive(value.value(budgetContext(this.#liquid, scope, budget)), budget))
    } catch (cause) {
      const what = `condition "${clip(expression)}"`
      throw (
        budget.failure(what) ??
        workflowError('WORKFLOW_TEMPLATE_FAILED', `${what}: ${firstLine(cause)}`, {
          cause,
          retryable: false,
        })
      )
    }
  }

  /** Whether an expression is true (JavaScript truthiness: `""`, `0`, `false`, `nil` are false). */
  test(expression: string, scope: TemplateScope | Record<string, unknown>): boolean {
    return Boolean(this.evaluate(expression, scope))
  }

  #value(expression: string): Liquidjs.Value {
    let value = this.#values.get(expression)
    if (value === undefined) {
      value = new liquidjs.Value(expression, this.#liquid)
      if (this.#values.size > 5_000) this.#values.clear()
      this.#values.set(expression, value)
    }
    return value
  }

  /** The outside variables a template reads (loop and `assign` variables excluded). */
  variables(source: string): VariablePath[] {
    if (!this.isTemplate(source)) return []
    return this.#liquid.globalVariableSegmentsSync(this.parse(source)) as VariablePath[]
  }

  /** The outside variables an expression reads. */
  expressionVariables(expression: string): VariablePath[] {
    return this.#liquid.globalVariableSegmentsSync(this.parse(asCondition(expression))) as VariablePath[]
  }
}

function asCondition(expression: string): string {
  return `{% if ${expression} %}{% endif %}`
}

function clip(source: string): string {
  const flat = source.replace(/\s+/g, ' ')
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
