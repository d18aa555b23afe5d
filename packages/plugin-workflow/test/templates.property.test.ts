import { isBanterError } from '@banter/core'
import { propertyRuns, propertySeed } from '@banter/test-servers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateWorkflow } from '../src/definition/validate-workflow.js'
import { BUILTIN_STEPS } from '../src/steps/builtin-steps.js'
import { StepRegistry } from '../src/steps/step-registry.js'
import { TemplateEngine, type TemplateScope } from '../src/template/template-engine.js'

// Property-based tests of workflow templates, conditions and the definition checks (issue 16):
// 10,000 runs each under CI=true.
const runs = { numRuns: propertyRuns(), ...propertySeed() }

const LIMITS = {
  renderChars: 2_000,
  renderTimeMs: 250,
  renderMemory: 50_000,
  conditionTimeMs: 50,
  conditionMemory: 10_000,
}
const TEMPLATE_CODES = ['WORKFLOW_TEMPLATE_FAILED', 'WORKFLOW_TEMPLATE_LIMIT', 'WORKFLOW_TEMPLATE_TIMEOUT']
const engine = new TemplateEngine(LIMITS)
const steps = new StepRegistry()
for (const step of BUILTIN_STEPS) steps.register(step)
const env = {
  steps,
  templates: engine,
  source: 'config',
  defaults: {
    timeoutMs: 600_000,
    stepTimeoutMs: 120_000,
    retry: { attempts: 3, backoffMs: 1000, maxBackoffMs: 300_000 },
    webhookSecret: false,
  },
}

const scope: TemplateScope = {
  trigger: { message: { content: 'hi', author: { bot: false, name: 'Ann' } }, items: [1, 2, 3], n: 3 },
  steps: { ask: { text: 'answer' } },
  vars: { greeting: 'hello', list: ['a', 'b'] },
  run: { id: 'r1', attempt: 1 },
  workflow: { id: 'w' },
}

/** Runs `work`; a failure must be a BanterError with one of `codes`. Returns the value or the code. */
function outcome<T>(work: () => T, codes: readonly string[]): T | { code: string } {
  try {
    return work()
  } catch (error) {
    if (!isBanterError(error) || !codes.includes(error.code)) throw error
    return { code: error.code }
  }
}

/** Liquid-looking text: tags, outputs, filters, ranges, quotes and words, well-formed or not. */
const liquidish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '{{',
        '}}',
        '{%',
        '%}',
        ' ',
        '|',
        '.',
        '"',
        "'",
        '(1..5)',
        'for x in trigger.items',
        'endfor',
        'if',
        'endif',
        'else',
        'assign a = ',
        'capture c',
        'endcapture',
        'raw',
        'endraw',
        'upcase',
        'size',
        'append: "x"',
        'split: ","',
        'join',
        'where_exp: "x", "x > 1"',
        'trigger.n',
        'vars.greeting',
        'steps.ask.text',
        'nope',
        '==',
        'and',
        'or',
        '-',
        'x',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''))

const PROTOTYPE_KEYS = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
]

describe('workflow template properties (issue 16)', () => {
  it('render: any text renders within limits or fails with a template error code, never anything else', () => {
    fc.assert(
      fc.property(liquidish, (source) => {
        const result = outcome(() => engine.render(source, scope), TEMPLATE_CODES)
        if (typeof result === 'string') expect(result.length).toBeLessThanOrEqual(LIMITS.renderChars)
      }),
      runs,
    )
  })

  it('evaluate: any condition evaluates or fails with a template error code, never anything else', () => {
    fc.assert(
      fc.property(liquidish, (expression) => {
        outcome(() => engine.evaluate(expression, scope), TEMPLATE_CODES)
      }),
      runs,
    )
  })

  it('render: text that is no template comes back as it is; a variable renders its value verbatim, once', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !engine.isTemplate(s)),
        fc.string({ maxLength: 60 }),
        (text, value) => {
          expect(engine.render(text, scope)).toBe(text)
          // A value holding Liquid is data, not a template: it is not evaluated again.
          expect(engine.render('{{ vars.v }}', { ...scope, vars: { v: value } })).toBe(value)
          expect(
            engine.render(`${text.replaceAll('{', '')}{{ vars.v }}`, { ...scope, vars: { v: value } }),
          ).toBe(`${text.replaceAll('{', '')}${value}`)
        },
      ),
      runs,
    )
  })

  it('templates and conditions never reach the prototype of what they read', () => {
    const root = fc.constantFrom(
      'trigger',
      'steps',
      'vars',
      'run',
      'workflow',
      'trigger.message',
      'vars.list',
    )
    fc.assert(
      fc.property(
        root,
        fc.constantFrom(...PROTOTYPE_KEYS),
        fc.constantFrom(...PROTOTYPE_KEYS, 'name', 'length'),
        (r, key, next) => {
          expect(engine.render(`{{ ${r}.${key} }}{{ ${r}.${key}.${next} }}{{ ${r}["${key}"] }}`, scope)).toBe(
            '',
          )
          expect(engine.test(`${r}.${key}`, scope)).toBe(false)
          expect(engine.test(`${r}.${key}.${next}`, scope)).toBe(false)
        },
      ),
      runs,
    )
  })

  it('variables: a path read by a template is reported whole, with its root', () => {
    const segment = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/)
    fc.assert(
      fc.property(
        fc.constantFrom('trigger', 'steps', 'vars', 'run', 'workflow', 'other'),
        fc.array(segment, { maxLength: 4 }),
        (r, segs) => {
          const path = [r, ...segs]
          expect(engine.variables(`x {{ ${path.join('.')} | upcase }} y`)).toContainEqual(path)
          expect(engine.expressionVariables(`${path.join('.')} == "a"`)).toContainEqual(path)
        },
      ),
      runs,
    )
  })
})

/** What one step of a generated workflow reads. */
type Ref =
  | { root: 'steps'; step: number }
  | { root: 'vars'; name: string }
  | { root: 'trigger' | 'run' | 'workflow'; field: string }
  | { root: 'unknown'; name: string }
const varName = fc.constantFrom('a', 'b', 'c', 'greeting')
const ref: fc.Arbitrary<Ref> = fc.oneof(
  fc.nat({ max: 6 }).map((step) => ({ root: 'steps' as const, step })),
  varName.map((name) => ({ root: 'vars' as const, name })),
  fc.record({
    root: fc.constantFrom('trigger' as const, 'run' as const, 'workflow' as const),
    field: fc.constantFrom('id', 'x'),
  }),
  fc
    .constantFrom('user', 'message', 'step', 'env', 'stepsx')
    .map((name) => ({ root: 'unknown' as const, name })),
)
const refText = (r: Ref) =>
  r.root === 'steps'
    ? `steps.s${r.step}.output`
    : r.root === 'vars'
      ? `vars.${r.name}`
      : r.root === 'unknown'
        ? `${r.name}.x`
        : `${r.root}.${r.field}`
type StepSpec = { kind: 'log'; ref: Ref; asCondition: boolean } | { kind: 'set'; name: string }
const stepSpec: fc.Arbitrary<StepSpec> = fc.oneof(
  fc.record({ kind: fc.constant('log' as const), ref, asCondition: fc.boolean() }),
  fc.record({ kind: fc.constant('set' as const), name: varName }),
)

describe('workflow definition check properties (issue 16)', () => {
  it('each variable a template reads is accepted exactly when it exists at that point of the run', () => {
    fc.assert(
      fc.property(
        fc.array(stepSpec, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(varName, { maxLength: 2 }),
        fc.array(ref, { maxLength: 2 }),
        (specs, declared, conditionRefs) => {
          const known = new Set<string>(declared)
          let expectedProblems = 0
          // Conditions run before any step: trigger, workflow and declared vars only.
          for (const r of conditionRefs) {
            const fine =
              r.root === 'trigger' || r.root === 'workflow' || (r.root === 'vars' && known.has(r.name))
            if (!fine) expectedProblems += 1
          }
          const defined = specs.map((spec, i) => {
            const id = `s${i}`
            if (spec.kind === 'set') {
              known.add(spec.name)
              return { type: 'set', id, vars: { [spec.name]: `{{ workflow.id }}` } }
            }
            const r = spec.ref
            const fine =
              r.root === 'steps' ? r.step < i : r.root === 'vars' ? known.has(r.name) : r.root !== 'unknown'
            if (!fine) expectedProblems += 1
            if (spec.asCondition) {
              return {
                type: 'if',
                id,
                condition: `${refText(r)} != blank`,
                // biome-ignore lint/suspicious/noThenProperty: an if step's branch
                then: [{ type: 'log', id: `t${i}`, message: 'yes' }],
              }
            }
            return { type: 'log', id, message: `step ${i}: {{ ${refText(r)} | default: "none" }}` }
          })
          const definition = {
            id: 'w',
            trigger: { manual: true },
            vars: Object.fromEntries(declared.map((name) => [name, 1])),
            conditions: conditionRefs.map((r) => `${refText(r)} != blank`),
            steps: defined,
          }
          let problems: readonly string[] = []
          try {
            validateWorkflow(definition, env)
          } catch (error) {
            if (!isBanterError(error) || error.code !== 'WORKFLOW_INVALID') throw error
            problems = (error.details as { problems: string[] }).problems
          }
          // One problem for each variable read where it does not exist, none otherwise.
          expect(problems).toHaveLength(expectedProblems)
        },
      ),
      runs,
    )
  })

  it('any definition-shaped data is compiled or refused with WORKFLOW_INVALID, never a crash', () => {
    const key = fc.constantFrom(
      'id',
      'trigger',
      'steps',
      'type',
      'then',
      'else',
      'condition',
      'vars',
      'message',
      '__proto__',
      'constructor',
      'manual',
      'event',
      'mode',
    )
    const data = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 8 }),
        liquidish,
        fc.constantFrom('log', 'set', 'if', 'reply', true, null, 0, 'w', '5m'),
        fc.integer(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
      ),
    })).value
    fc.assert(
      fc.property(data, (input) => {
        outcome(() => validateWorkflow(input, env), ['WORKFLOW_INVALID'])
      }),
      runs,
    )
  })
})
