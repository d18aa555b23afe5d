import { z } from '@banter/core'
import { definitionIssues } from './definition/check-definitions.js'
import { durationSchema } from './definition/definition-schema.js'
import { parseRange } from './http/address-policy.js'

/** The options schema of the workflow plugin. */
export const workflowOptionsSchema = z
  .object({
    /** `memory` (embedded, not durable, the default) or `bullmq` (Redis; durable, shared by processes). */
    driver: z.enum(['memory', 'bullmq']).default('memory'),
    /** Redis URL for the bullmq driver: `redis://[user:password@]host:6379[/db]`. */
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    /** Redis key prefix (a hash tag such as `{banter}` on Redis Cluster). */
    prefix: z.string().min(1).default('banter'),
    /** BullMQ queue name. */
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"')
      .default('workflows'),
    /** Worker slots in this process: 0 makes the bot only start runs (`banter worker` processes run them). */
    workers: z.number().int().min(0).max(64).default(1),
    /** Jobs each worker slot set runs at once. */
    concurrency: z.number().int().min(1).max(1000).default(10),
    /** `all`: triggers and workers; `worker`: workers and schedules only (what `banter worker` runs). */
    role: z.enum(['all', 'worker']).default('all'),
    /**
     * Workflow definitions, checked strictly (unknown step types and fields are errors, each reported
     * with its path, by `banter config check` too).
     */
    workflows: z.array(z.unknown()).default([]),
    /**
     * Step types that other plugins register (`workflows.registerStepType`) and config workflows use.
     * Any other unknown `type` is an error.
     */
    stepTypes: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'))
      .default([]),
    /** Default shared secret of webhook triggers (at least 16 characters). */
    webhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    /** HTTP steps. */
    http: z
      .strictObject({
        /** IPs or CIDR ranges of loopback or private hosts that `http` steps may reach anyway. */
        allowPrivate: z
          .array(
            z.string().refine((value) => parseRange(value) !== undefined, {
              error: (issue) => `"${String(issue.input)}" is not an IP address or CIDR range`,
            }),
          )
          .default([]),
        /** Largest response body read, in bytes. */
        maxResponseBytes: z.number().int().positive().default(1_000_000),
      })
      .prefault({}),
    /** Default time a run may spend in steps. */
    timeout: durationSchema.default('10m'),
    /** Default time one step attempt may take. */
    stepTimeout: durationSchema.default('2m'),
    /** Default step retry policy. */
    retry: z
      .strictObject({
        attempts: z.number().int().min(1).max(100).default(3),
        backoff: durationSchema.default('1s'),
        maxBackoff: durationSchema.default('5m'),
      })
      .prefault({}),
    /** How long finished runs are kept for `!workflow status` (expired actively, read or not). */
    keepRuns: durationSchema.default('7d'),
    /** Finished runs kept at most; past it the oldest finished ones go first (running ones never). */
    maxRuns: z.number().int().min(1).max(1_000_000).default(1000),
    /** What templates may spend and what a run record keeps. */
    limits: z
      .strictObject({
        /** Characters the templates of one step attempt may produce, all fields together. */
        renderChars: z.number().int().min(1).default(100_000),
        /** Time the templates of one step attempt may take to render, all fields together. */
        renderTime: durationSchema.default('250ms'),
        /** Liquid allocation budget of one step attempt (characters or items built by filters and tags). */
        renderMemory: z.number().int().min(1).default(1_000_000),
        /** Time one condition (`conditions`, an `if` step) may take. */
        conditionTime: durationSchema.default('50ms'),
        /** Liquid allocation budget of one condition. */
        conditionMemory: z.number().int().min(1).default(100_000),
        /** Characters of JSON a run record keeps per value: the trigger payload, each step output, each variable. */
        recordValue: z.number().int().min(100).default(32_000),
      })
      .prefault({}),
    /** How long one event's idempotency key blocks a second run. */
    idempotencyTtl: durationSchema.default('24h'),
    /** Serve the queue dashboard (bull-board, bullmq driver) at `/plugins/workflow/board` for the admin token. */
    board: z.boolean().default(true),
    /** Access levels that may use `!workflow` (`admin` always may). */
    access: z.array(z.string().min(1)).default(['admin']),
    /** Advanced BullMQ worker settings; every process sharing the queue must use the same values. */
    bullmq: z
      .strictObject({
        lockDuration: z.number().int().min(500).default(30_000),
        stalledInterval: z.number().int().min(500).default(30_000),
        maxStalledCount: z.number().int().min(1).default(5),
        keepJobs: z.number().int().min(0).default(1000),
      })
      .prefault({}),
    /** How often slots of crashed runs are repaired. */
    reconcileEvery: durationSchema.default('1m'),
  })
  .superRefine((options, ctx) => {
    if (options.driver === 'bullmq' && options.redisUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['redisUrl'], message: 'is required with driver bullmq' })
    }
  })
  .superRefine(
    (options, ctx) => {
      const stepTypes = Array.isArray(options.stepTypes)
        ? options.stepTypes.filter((type): type is string => typeof type === 'string')
        : []
      const issues = definitionIssues(options.workflows, {
        stepTypes,
        webhookSecret: typeof options.webhookSecret === 'string',
      })
      for (const issue of issues) {
        ctx.addIssue({ code: 'custom', path: ['workflows', ...issue.path], message: issue.message })
      }
    },
    // Checked even when another option is wrong, so that one run of `config check` shows every problem.
    { when: (payload) => Array.isArray((payload.value as { workflows?: unknown } | null)?.workflows) },
  )

/** Options of the workflow plugin, as written in config. */
export type WorkflowOptions = z.input<typeof workflowOptionsSchema>

/** Options of the workflow plugin after validation (defaults applied). */
export type ResolvedWorkflowOptions = z.output<typeof workflowOptionsSchema>
