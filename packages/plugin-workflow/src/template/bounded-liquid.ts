import type { Emitter, FilterImplOptions, Template } from 'liquidjs'
import { type Liquidjs, liquidjs } from './liquidjs.js'
import { BudgetExceeded, type TemplateBudget } from './template-budget.js'

const { CaptureTag, Context, filters, Liquid, toValue } = liquidjs
type Context = Liquidjs.Context
type Liquid = Liquidjs.Liquid

// liquidjs's own Limiter has private fields, so TypeScript will not take a look-alike; the budget's
// limiters implement the same two methods (`use`, `check`).
type Limiter = Context['memoryLimit']

function isIterator(value: unknown): value is Iterator<unknown> {
  const it = value as Partial<Generator> | null
  return (
    typeof it === 'object' &&
    it !== null &&
    typeof it.next === 'function' &&
    typeof it.throw === 'function' &&
    typeof it.return === 'function'
  )
}

/**
 * Drives a liquidjs evaluation to its value, as liquidjs's own `toValueSync` does, but ticks the
 * budget at every step so that a loop, a nested `where_exp` or a long chain of filters stops once the
 * time is spent. A budget failure leaves every level at once instead of being thrown into the
 * template (where `{% ... %}` error handling would wrap it).
 */
export function drive(value: unknown, budget: TemplateBudget): unknown {
  if (!isIterator(value)) return value
  const it = value as Generator<unknown, unknown, unknown>
  let current: unknown
  let mode: 'next' | 'throw' = 'next'
  let done = false
  do {
    budget.tick()
    const state = mode === 'next' ? it.next(current) : it.throw(current)
    done = state.done === true
    current = state.value
    mode = 'next'
    if (isIterator(current)) {
      try {
        current = drive(current, budget)
      } catch (error) {
        if (error instanceof BudgetExceeded) throw error
        mode = 'throw'
        current = error
      }
    }
  } while (!done)
  return current
}

function stringify(value: unknown): string {
  const plain = toValue(value)
  if (typeof plain === 'string') return plain
  if (plain === null || plain === undefined) return ''
  if (Array.isArray(plain)) return plain.map(stringify).join('')
  return String(plain)
}

/** An emitter that charges every character written to the budget before keeping it. */
export class BudgetEmitter implements Emitter {
  buffer = ''
  readonly #budget: TemplateBudget

  constructor(budget: TemplateBudget) {
    this.#budget = budget
  }

  write(html: unknown): void {
    const text = stringify(html)
    this.#budget.write(text.length)
    this.buffer += text
  }
}

function budgetOf(ctx: Context): TemplateBudget | undefined {
  return (ctx.memoryLimit as unknown as { budget?: TemplateBudget }).budget
}

/** `{% capture %}` whose captured text counts against the budget like any output. */
class BoundedCapture extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    const budget = budgetOf(ctx)
    const html = yield this.liquid.renderer.renderTemplates(
      this.templates,
      ctx,
      budget ? new BudgetEmitter(budget) : undefined,
    )
    ctx.bottom()[this.variable] = html
  }
}

function lengthOf(value: unknown): number {
  const plain = toValue(value) as { length?: unknown } | null | undefined
  return typeof plain?.length === 'number' ? plain.length : 0
}

/** Sorting filters, charged `n log n` (their comparisons run in one go and cannot be interrupted). */
const SORTS = ['sort', 'sort_natural', 'sample'] as const

/**
 * A Liquid instance whose work is bounded: parse size (`parseLimit`), output and allocations charged
 * to a {@link TemplateBudget} (captured text included), sorts charged for their comparisons.
 */
export function boundedLiquid(parseLimit: number): Liquid {
  const liquid = new Liquid({
    templates: {},
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    jsTruthy: true,
    parseLimit,
    // The `date` filter's day and month names: the same on every worker, whatever its system locale.
    // Set, liquidjs also skips making an `Intl.DateTimeFormat` to find the system's (ICU's locale
    // data, about 20 ms of every bot's start).
    locale: 'en-US',
  })
  liquid.registerTag('capture', BoundedCapture)
  for (const name of SORTS) {
    const builtin = filters[name] as (this: unknown, ...args: unknown[]) => unknown
    const charged: FilterImplOptions = function (this, value: unknown, ...args: unknown[]) {
      const n = lengthOf(value)
      this.context.memoryLimit.use(n * Math.max(1, Math.ceil(Math.log2(n + 1))))
      return builtin.call(this, value, ...args)
    }
    liquid.registerFilter(name, charged)
  }
  return liquid
}

/** A render context on `budget`: its allocations and its time are the budget's. */
export function budgetContext(liquid: Liquid, scope: object, budget: TemplateBudget): Context {
  return new Context(
    scope,
    liquid.options,
    { sync: true },
    {
      memoryLimit: budget.memoryLimiter as unknown as Limiter,
      renderLimit: budget.renderLimiter as unknown as Limiter,
      liquid,
    },
  )
}

/** Renders parsed templates on `budget` (output, allocations and time charged). */
export function renderOn(
  liquid: Liquid,
  templates: Template[],
  scope: object,
  budget: TemplateBudget,
): string {
  const emitter = new BudgetEmitter(budget)
  return budget.run(() => {
    drive(liquid.renderer.renderTemplates(templates, budgetContext(liquid, scope, budget), emitter), budget)
    return emitter.buffer
  })
}
