import { aiStep } from './ai-step.js'
import { commandStep } from './command-step.js'
import { delayStep, logStep, setStep } from './control-steps.js'
import { httpStep } from './http-step.js'
import { replyStep, sendStep } from './message-steps.js'
import type { AnyStepType } from './step-type.js'

/** The step types every workflow may use (`if` is structural and handled by the compiler). */
export const BUILTIN_STEPS: readonly AnyStepType[] = [
  sendStep,
  replyStep,
  aiStep,
  httpStep,
  delayStep,
  setStep,
  commandStep,
  logStep,
]
