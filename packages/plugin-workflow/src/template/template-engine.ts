import { Liquid, type Template } from 'liquidjs'
import { workflowError } from '../errors.js'

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
 * `render` find nothing), bounded parse and render cost, unknown filters refused. Parsed templates
 * are cached by source.
 */
export class TemplateEngine {
  readonly #liquid = new Liquid({
    templates: {},
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    jsTruthy: true,
    parseLimit: 100_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
  })
  readonly #cache = new Map<string, Template[]>()

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

  /** Renders a template to text. */
  render(source: string, scope: TemplateScope): string {
    if (!this.isTemplate(source)) return source
    const parsed = this.parse(source)
    try {
      return String(this.#liquid.renderSync(parsed, scope))
    } catch (cause) {
      throw workflowError('WORKFLOW_TEMPLATE_FAILED', `template "${clip(source)}": ${firstLine(cause)}`, {
        cause,
        retryable: false,
      })
    }
  }

  /** Renders every string inside a value (objects and arrays deeply); other values pass through. */
  renderValue(value: unknown, scope: TemplateScope): unknown {
    if (typeof value === 'string') return this.render(value, scope)
    if (Array.isArray(value)) return value.map((item) => this.renderValue(item, scope))
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) out[key] = this.renderValue(item, scope)
      return out
    }
    return value
  }

  /** Evaluates a Liquid expression (`trigger.message.author.bot == false`) to a value. */
  evaluate(expression: string, scope: TemplateScope | Record<string, unknown>): unknown {
    this.parse(asCondition(expression))
    try {
      return this.#liquid.evalValueSync(expression, scope)
    } catch (cause) {
      throw workflowError(
        'WORKFLOW_TEMPLATE_FAILED',
        `condition "${clip(expression)}": ${firstLine(cause)}`,
        {
          cause,
          retryable: false,
        },
      )
    }
  }

  /** Whether an expression is true (JavaScript truthiness: `""`, `0`, `false`, `nil` are false). */
  test(expression: string, scope: TemplateScope | Record<string, unknown>): boolean {
    return Boolean(this.evaluate(expression, scope))
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
