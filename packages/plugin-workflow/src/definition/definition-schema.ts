import { z } from '@banter/core'
import { parseDuration } from './duration.js'

/** A duration field: `500ms`, `30s`, `5m`, `2h`, `1d`, or milliseconds. */
export const durationSchema = z
  .union([z.string(), z.number()])
  .refine((value) => parseDuration(value) !== undefined, {
    error: (issue) => `"${String(issue.input)}" is not a duration (use 500ms, 30s, 5m, 2h or 1d)`,
  })

/** Step ids and variable names: usable in templates as `steps.<id>` and `vars.<name>`. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Retry policy fields. */
export const retrySchema = z.strictObject({
  attempts: z.number().int().min(1).max(100).optional(),
  backoff: durationSchema.optional(),
  maxBackoff: durationSchema.optional(),
})

/** The top level of a workflow; triggers and steps are checked field by field afterwards. */
export const workflowShapeSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
      'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
    ),
  description: z.string().optional(),
  trigger: z.record(z.string(), z.unknown()),
  conditions: z.array(z.string().min(1)).optional(),
  vars: z
    .record(z.string().regex(NAME, 'must be a variable name (letters, digits, _)'), z.unknown())
    .optional(),
  steps: z.array(z.record(z.string(), z.unknown())).min(1, 'needs at least one step'),
  mode: z.enum(['single', 'queued', 'parallel', 'restart']).optional(),
  concurrency: z.number().int().min(1).max(1000).optional(),
  max: z.number().int().min(0).max(100_000).optional(),
  timeout: durationSchema.optional(),
  retry: retrySchema.optional(),
})

/** `trigger: { event: ... }`. */
export const eventTriggerSchema = z.strictObject({
  event: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must be a dotted event name such as message.received'),
  pattern: z.string().min(1).optional(),
  flags: z
    .string()
    .regex(/^[imsu]*$/, 'may only hold the flags i, m, s and u')
    .optional(),
  channels: z.array(z.string().min(1)).optional(),
  ignoreBots: z.boolean().optional(),
  key: z.string().min(1).optional(),
})

/** `trigger: { schedule: { cron, tz } }`. */
export const cronScheduleSchema = z.strictObject({
  cron: z.string().min(1),
  tz: z.string().min(1).optional(),
})

/** `trigger: { schedule: { every } }`. */
export const everyScheduleSchema = z.strictObject({ every: durationSchema })

/** `trigger: { command: true }`. */
export const commandTriggerSchema = z.strictObject({
  command: z.union([z.literal(true), z.strictObject({ description: z.string().optional() })]),
})

/** `trigger: { webhook: { secret } }`. */
export const webhookTriggerSchema = z.strictObject({
  webhook: z.union([
    z.literal(true),
    z.strictObject({ secret: z.string().min(16, 'must be at least 16 characters').optional() }),
  ]),
})

/** `trigger: { manual: true }`. */
export const manualTriggerSchema = z.strictObject({ manual: z.literal(true) })

/** The fields every step has. */
export const stepCommonSchema = z.object({
  type: z.string().min(1),
  id: z.string().regex(NAME, 'must be a name usable in templates (letters, digits, _)').optional(),
  retry: retrySchema.optional(),
  timeout: durationSchema.optional(),
  continueOnError: z.boolean().optional(),
})

/** An `if` step. */
export const ifStepSchema = z.strictObject({
  type: z.literal('if'),
  id: z.string().regex(NAME, 'must be a name usable in templates (letters, digits, _)').optional(),
  condition: z.string().min(1),
  // biome-ignore lint/suspicious/noThenProperty: the branch is called `then`, as in Home Assistant
  then: z.array(z.record(z.string(), z.unknown())).min(1, 'needs at least one step'),
  else: z.array(z.record(z.string(), z.unknown())).optional(),
})
