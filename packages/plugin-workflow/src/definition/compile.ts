import type { Op, StepOp } from './workflow.js'

/** A validated step tree before compiling: steps, and `if` nodes with their branches. */
export type Tree =
  | (Omit<StepOp, 'op'> & { readonly kind: 'step'; readonly raw: Record<string, unknown> })
  | {
      readonly kind: 'if'
      readonly id: string
      readonly path: string
      readonly condition: string
      readonly thenSteps: Tree[]
      readonly elseSteps: Tree[]
    }

/** Flattens a step tree into instructions: an `if` becomes a branch, its `then` steps, a jump, its `else` steps. */
export function compile(tree: readonly Tree[]): Op[] {
  const program: Op[] = []
  const emit = (nodes: readonly Tree[]) => {
    for (const node of nodes) {
      if (node.kind === 'step') {
        const { kind: _kind, raw: _raw, ...op } = node
        program.push({ op: 'step', ...op })
        continue
      }
      const at = program.length
      program.push({ op: 'branch', id: node.id, path: node.path, condition: node.condition, elseAt: -1 })
      emit(node.thenSteps)
      let jumpAt = -1
      if (node.elseSteps.length > 0) {
        jumpAt = program.length
        program.push({ op: 'jump', path: node.path, to: -1 })
      }
      program[at] = { ...(program[at] as Extract<Op, { op: 'branch' }>), elseAt: program.length }
      emit(node.elseSteps)
      if (jumpAt !== -1) program[jumpAt] = { op: 'jump', path: node.path, to: program.length }
    }
  }
  emit(tree)
  return program
}
