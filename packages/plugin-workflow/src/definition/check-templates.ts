import type { z } from '@banter/core'
import { SCOPE_ROOTS, type VariablePath } from '../template/template-engine.js'
import type { Tree } from './compile.js'
import type { workflowShapeSchema } from './definition-schema.js'
import type { Path, Problems } from './problems.js'
import type { ValidationEnv } from './validate-workflow.js'
import type { Op } from './workflow.js'

function* strings(value: unknown, path: Path): Generator<[string, Path]> {
  if (typeof value === 'string') yield [value, path]
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...path, i])
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key])
}

function parsePath(path: string): Path {
  const out: (string | number)[] = []
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(match[2] === undefined ? (match[1] as string) : Number(match[2]))
  return out
}

/**
 * Checks every template and condition: syntax, and that each variable exists where it is read
 * (`steps.x` after step `x`, `vars.y` set by `vars` or an earlier `set` step).
 */
export function checkTemplates(
  def: z.output<typeof workflowShapeSchema>,
  program: readonly Op[],
  tree: readonly Tree[],
  env: ValidationEnv,
  problems: Problems,
): void {
  const allIds = new Set(program.filter((op) => op.op !== 'jump').map((op) => (op as { id: string }).id))
  const raws = new Map<string, Record<string, unknown>>()
  const collect = (nodes: readonly Tree[]) => {
    for (const node of nodes) {
      if (node.kind === 'step') raws.set(node.id, node.raw)
      else {
        collect(node.thenSteps)
        collect(node.elseSteps)
      }
    }
  }
  collect(tree)
  const stepsBefore = new Set<string>()
  const varsBefore = new Set<string>(Object.keys(def.vars ?? {}))

  const check = (variables: () => VariablePath[], at: Path, roots: readonly string[]) => {
    let found: VariablePath[]
    try {
      found = variables()
    } catch (error) {
      problems.add(at, (error as { summary?: string }).summary ?? (error as Error).message)
      return
    }
    for (const segments of found) {
      const [root, next] = segments
      if (typeof root !== 'string') continue
      if (!roots.includes(root)) {
        problems.add(at, `unknown variable "${root}" (templates here can use ${roots.join(', ')})`)
      } else if (root === 'steps' && typeof next === 'string' && !stepsBefore.has(next)) {
        problems.add(
          at,
          allIds.has(next)
            ? `"steps.${next}" is read before step "${next}" runs`
            : `unknown step "${next}" in "steps.${next}"`,
        )
      } else if (root === 'vars' && typeof next === 'string' && !varsBefore.has(next)) {
        problems.add(
          at,
          `unknown variable "vars.${next}": no \`vars\` entry or earlier \`set\` step defines it`,
        )
      }
    }
  }

  const triggerRoots = ['trigger', 'vars', 'workflow']
  for (const [index, condition] of (def.conditions ?? []).entries()) {
    check(() => env.templates.expressionVariables(condition), ['conditions', index], triggerRoots)
  }
  const key = (def.trigger as { key?: unknown }).key
  if (typeof key === 'string') check(() => env.templates.variables(key), ['trigger', 'key'], ['trigger'])

  for (const op of program) {
    if (op.op === 'jump') continue
    const base = parsePath(op.path)
    if (op.op === 'branch') {
      check(() => env.templates.expressionVariables(op.condition), [...base, 'condition'], SCOPE_ROOTS)
    } else {
      for (const [text, at] of strings(raws.get(op.id), base))
        check(() => env.templates.variables(text), at, SCOPE_ROOTS)
      for (const name of env.steps.get(op.type)?.sets?.(op.config) ?? []) varsBefore.add(name)
    }
    stepsBefore.add(op.id)
  }
}
