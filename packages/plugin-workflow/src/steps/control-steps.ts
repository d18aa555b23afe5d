import { z } from '@banter/core'
import { parseDuration } from '../definition/duration.js'
import type { StepType } from './step-type.js'

const durationSchema = z
  .union([z.string(), z.number()])
  .refine((value) => parseDuration(value) !== undefined, {
    error: (issue) => `"${String(issue.input)}" is not a duration (use 500ms, 30s, 5m, 2h or 1d)`,
  })

const delaySchema = z.strictObject({
  /** How long to wait: `30s`, `5m`, `1d`. */
  duration: durationSchema,
})

/** `delay`: pauses the run durably: its job waits in the queue, so a restart does not lose it. */
export const delayStep: StepType<z.output<typeof delaySchema>> = {
  type: 'delay',
  description: 'Waits, durably',
  schema: delaySchema,
  run(config, step) {
    const waitMs = parseDuration(config.duration) ?? 0
    return { delayUntil: step.now() + waitMs, output: { until: new Date(step.now() + waitMs).toISOString() } }
  },
}

const setSchema = z.strictObject({
  /** Variables to set; string values are templates. */
  vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name'), z.unknown()),
})

/** `set`: sets variables (`vars.<name>`). */
export const setStep: StepType<z.output<typeof setSchema>> = {
  type: 'set',
  description: 'Sets variables',
  schema: setSchema,
  sets: (config) => Object.keys(config.vars),
  run(config, step) {
    const vars: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(config.vars)) vars[name] = step.renderValue(value)
    return { vars, output: vars }
  },
}

const logSchema = z.strictObject({
  /** The text (template). */
  message: z.string().min(1),
  /** Log level. */
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
})

/** `log`: writes a line to the bot's log. */
export const logStep: StepType<z.output<typeof logSchema>> = {
  type: 'log',
  description: 'Writes to the log',
  schema: logSchema,
  run(config, step) {
    const text = step.render(config.message)
    step.logger[config.level]({ workflow: step.workflowId, run: step.runId, step: step.stepId }, text)
    return { output: { message: text } }
  },
}
