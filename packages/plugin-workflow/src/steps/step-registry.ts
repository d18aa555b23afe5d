import type { Disposer } from '@banter/core'
import { workflowError } from '../errors.js'
import type { AnyStepType } from './step-type.js'

const TYPE_NAME = /^[a-z][a-z0-9-]*$/
const RESERVED = new Set(['if'])

/** The step types workflows may use, by name. */
export class StepRegistry {
  readonly #types = new Map<string, AnyStepType>()

  /** Adds a step type; returns a disposer that removes it. */
  register(stepType: AnyStepType): Disposer {
    if (!TYPE_NAME.test(stepType.type) || RESERVED.has(stepType.type)) {
      throw workflowError(
        'WORKFLOW_INVALID',
        `step type "${stepType.type}" is not a valid name (lower-case letters, digits, dashes; not "if")`,
        { retryable: false },
      )
    }
    if (this.#types.has(stepType.type)) {
      throw workflowError('WORKFLOW_INVALID', `step type "${stepType.type}" is registered twice`, {
        retryable: false,
        hint: 'Give the step type another name.',
      })
    }
    this.#types.set(stepType.type, stepType)
    return () => {
      if (this.#types.get(stepType.type) === stepType) this.#types.delete(stepType.type)
    }
  }

  /** The step type named `type`. */
  get(type: string): AnyStepType | undefined {
    return this.#types.get(type)
  }

  /** Every step type name, sorted (with `if`). */
  names(): string[] {
    return [...this.#types.keys(), 'if'].sort()
  }
}
