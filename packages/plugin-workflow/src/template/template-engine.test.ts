import { execFileSync } from 'node:child_process'
import { isBanterError } from '@banter/core'
import { describe, expect, it } from 'vitest'
import { isRetryable } from '../errors.js'
import { TemplateEngine, type TemplateScope } from './template-engine.js'

const DEFAULT_TEMPLATE_LIMITS = {
  renderChars: 100_000,
  renderTimeMs: 250,
  renderMemory: 1_000_000,
  conditionTimeMs: 50,
  conditionMemory: 100_000,
}
const items = Array.from({ length: 2_000 }, (_, index) => index)
const scope: TemplateScope = {
  trigger: { items, name: 'Ann', n: 3 },
  steps: {},
  vars: {},
  run: {},
  workflow: {},
}

/** `{% capture %}` doubling: ten characters become 335 million in 25 lines and a few milliseconds. */
const DOUBLING = `{% assign a = "xxxxxxxxxx" %}${'{% capture a %}{{a}}{{a}}{% endcapture %}'.repeat(25)}{{ a | size }}`
/** Four million loop iterations that write nothing. */
const NESTED_LOOPS = '{% for x in trigger.items %}{% for y in trigger.items %}{% endfor %}{% endfor %}done'
/** Four million evaluations inside one expression: no tag boundary where liquidjs looks at the clock. */
const NESTED_HAS = `trigger.items | has_exp: "x", "trigger.items | has_exp: 'y', 'y == -1'"`

function failure(run: () => unknown): { code: string; message: string; retryable: boolean } {
  try {
    run()
  } catch (error) {
    if (!isBanterError(error)) throw error
    return { code: error.code, message: error.message, retryable: isRetryable(error) }
  }
  throw new Error('expected the template to fail')
}

describe('TemplateEngine limits (issue 11: workflow templates)', () => {
  it('templates: rendered output is bounded per step, captured text included (limits.renderChars)', () => {
    const engine = new TemplateEngine({ ...DEFAULT_TEMPLATE_LIMITS, renderChars: 10_000 })
    const found = failure(() => engine.render(DOUBLING, scope))
    expect(found.code).toBe('WORKFLOW_TEMPLATE_LIMIT')
    expect(found.message).toContain('rendered more than 10000 characters (`limits.renderChars`)')
    expect(found.retryable).toBe(false)
  })

  it('templates: every template of one step draws on the same budget', () => {
    const engine = new TemplateEngine({ ...DEFAULT_TEMPLATE_LIMITS, renderChars: 100 })
    const budget = engine.budget()
    const sixty = '{% for i in (1..60) %}x{% endfor %}'
    expect(engine.render(sixty, scope, budget)).toHaveLength(60)
    expect(failure(() => engine.render(sixty, scope, budget)).code).toBe('WORKFLOW_TEMPLATE_LIMIT')
    expect(failure(() => engine.renderValue({ a: 'static text over the budget' }, scope, budget)).code).toBe(
      'WORKFLOW_TEMPLATE_LIMIT',
    )
    // A new attempt has a new budget.
    expect(engine.render(sixty, scope)).toHaveLength(60)
  })

  it('templates: render time is bounded per step and the failure is retryable (limits.renderTime)', () => {
    const engine = new TemplateEngine({ ...DEFAULT_TEMPLATE_LIMITS, renderTimeMs: 20 })
    const found = failure(() => engine.render(NESTED_LOOPS, scope))
    expect(found.code).toBe('WORKFLOW_TEMPLATE_TIMEOUT')
    expect(found.message).toContain("the step's templates took more than 20 ms (`limits.renderTime`)")
    expect(found.retryable).toBe(true)
  })

  it('templates: allocations are bounded per step (limits.renderMemory)', () => {
    const engine = new TemplateEngine({ ...DEFAULT_TEMPLATE_LIMITS, renderMemory: 1_000 })
    const found = failure(() => engine.render('{{ (1..5000) | join: "," | size }}', scope))
    expect(found.code).toBe('WORKFLOW_TEMPLATE_LIMIT')
    expect(found.message).toContain('`limits.renderMemory`')
  })

  it('conditions: evaluation time is bounded inside a single expression (limits.conditionTime)', () => {
    const engine = new TemplateEngine({ ...DEFAULT_TEMPLATE_LIMITS, conditionTimeMs: 20 })
    const found = failure(() => engine.test(NESTED_HAS, scope))
    expect(found.code).toBe('WORKFLOW_TEMPLATE_TIMEOUT')
    expect(found.message).toContain('took more than 20 ms (`limits.conditionTime`)')
  })

  it('conditions: sorting is charged for its comparisons, which cannot be interrupted (limits.conditionMemory)', () => {
    const engine = new TemplateEngine()
    const many = { ...scope, trigger: { items: Array.from({ length: 20_000 }, (_, index) => index) } }
    const found = failure(() => engine.test('trigger.items | sort_natural | first', many))
    expect(found.code).toBe('WORKFLOW_TEMPLATE_LIMIT')
    expect(found.message).toContain('`limits.conditionMemory`')
    expect(engine.evaluate('trigger.items | slice: 5, 50 | sort | first', many)).toBe(5)
  })

  it('still renders and evaluates ordinary templates, filters, captures and errors as before', () => {
    const engine = new TemplateEngine()
    expect(engine.render('Hi {{ trigger.name | upcase }}, {{ trigger.items | size }}', scope)).toBe(
      'Hi ANN, 2000',
    )
    expect(engine.render('{% capture c %}{{ trigger.n | plus: 1 }}{% endcapture %}[{{ c }}]', scope)).toBe(
      '[4]',
    )
    expect(engine.render('plain text', scope)).toBe('plain text')
    expect(engine.renderValue({ a: ['{{ trigger.n }}', 2] }, scope)).toEqual({ a: ['3', 2] })
    expect(engine.test('trigger.n > 2 and trigger.items contains 5', scope)).toBe(true)
    expect(engine.evaluate('trigger.items | sort_natural | first', { trigger: { items: ['b', 'A'] } })).toBe(
      'A',
    )
    expect(failure(() => engine.render('{{ trigger.name | nope }}', scope)).code).toBe(
      'WORKFLOW_TEMPLATE_FAILED',
    )
    expect(failure(() => engine.evaluate('(1..3) | where_exp: "x", "x | nope"', scope)).code).toBe(
      'WORKFLOW_TEMPLATE_FAILED',
    )
  })
})

describe('TemplateEngine dates', () => {
  it('the date filter writes English names on a worker whose system locale is another', () => {
    // The process's locale is fixed at its start: a child with a German one renders the template.
    const source = "{{ '2026-01-05T10:00:00Z' | date: '%A %B' }}"
    const script = [
      `import { TemplateEngine } from ${JSON.stringify(new URL('./template-engine.ts', import.meta.url).pathname)}`,
      'const scope = { trigger: {}, steps: {}, vars: {}, run: {}, workflow: {} }',
      `process.stdout.write(new Intl.DateTimeFormat().resolvedOptions().locale + '|' + new TemplateEngine().render(${JSON.stringify(source)}, scope))`,
    ].join('\n')
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    })
    // The child really ran in German (else this test shows nothing), and the names stayed English.
    expect(out).toBe('de-DE|Monday January')
  })
})
