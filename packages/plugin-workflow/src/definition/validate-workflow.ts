import type { z } from '@banter/core'
import { CronExpressionParser } from 'cron-parser'
import { workflowError } from '../errors.js'
import type { StepRegistry } from '../steps/step-registry.js'
import type { StepFacts } from '../steps/step-type.js'
import { SCOPE_ROOTS, type TemplateEngine, type VariablePath } from '../template/template-engine.js'
import {
  commandTriggerSchema,
  cronScheduleSchema,
  eventTriggerSchema,
  everyScheduleSchema,
  ifStepSchema,
  manualTriggerSchema,
  stepCommonSchema,
  webhookTriggerSchema,
  workflowShapeSchema,
} from './definition-schema.js'
import { parseDuration } from './duration.js'
import type { Op, RetryPolicy, StepOp, Trigger, Workflow } from './workflow.js'

/** Defaults a definition falls back to. */
export interface WorkflowDefaults {
  /** Time a run may spend in steps. */
  readonly timeoutMs: number
  /** Time one step attempt may take. */
  readonly stepTimeoutMs: number
  /** Step retry policy. */
  readonly retry: RetryPolicy
  /** Whether the plugin has a default webhook secret (else each webhook trigger needs its own). */
  readonly webhookSecret: boolean
}

/** What validation needs besides the definition. */
export interface ValidationEnv {
  readonly steps: StepRegistry
  readonly templates: TemplateEngine
  readonly defaults: WorkflowDefaults
  /** `config` or the registering plugin. */
  readonly source: string
}

type Path = readonly (string | number)[]

interface Problems {
  add(path: Path, message: string): void
  readonly list: string[]
}

type Tree =
  | (Omit<StepOp, 'op'> & { readonly kind: 'step'; readonly raw: Record<string, unknown> })
  | {
      readonly kind: 'if'
      readonly id: string
      readonly path: string
      readonly condition: string
      readonly thenSteps: Tree[]
      readonly elseSteps: Tree[]
    }

const COMMON_KEYS = new Set(['type', 'id', 'retry', 'timeout', 'continueOnError'])
const TRIGGER_KEYS = ['event', 'schedule', 'command', 'webhook', 'manual'] as const

/** Formats a path as `steps[1].then[0].url`. */
export function formatPathOf(path: Path): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`
  return out
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

function zodProblems(problems: Problems, base: Path, error: z.ZodError): void {
  for (const issue of error.issues) problems.add([...base, ...(issue.path as Path)], issue.message)
}

function resolveRetry(
  input:
    | {
        attempts?: number | undefined
        backoff?: string | number | undefined
        maxBackoff?: string | number | undefined
      }
    | undefined,
  fallback: RetryPolicy,
): RetryPolicy {
  return {
    attempts: input?.attempts ?? fallback.attempts,
    backoffMs: input?.backoff === undefined ? fallback.backoffMs : (parseDuration(input.backoff) ?? 0),
    maxBackoffMs:
      input?.maxBackoff === undefined ? fallback.maxBackoffMs : (parseDuration(input.maxBackoff) ?? 0),
  }
}

function validateTrigger(
  raw: Record<string, unknown>,
  problems: Problems,
  defaults: WorkflowDefaults,
): Trigger | undefined {
  const present = TRIGGER_KEYS.filter((key) => key in raw)
  if (present.length !== 1) {
    problems.add(
      ['trigger'],
      present.length === 0
        ? `needs one of ${TRIGGER_KEYS.join(', ')}`
        : `has ${present.join(' and ')}: a workflow has exactly one trigger`,
    )
    return undefined
  }
  const kind = present[0] as (typeof TRIGGER_KEYS)[number]
  const at: Path = ['trigger']
  if (kind === 'event') {
    const parsed = eventTriggerSchema.safeParse(raw)
    if (!parsed.success) return void zodProblems(problems, at, parsed.error)
    const t = parsed.data
    let pattern: RegExp | undefined
    if (t.pattern !== undefined) {
      try {
        pattern = new RegExp(t.pattern, t.flags ?? '')
      } catch (error) {
        problems.add([...at, 'pattern'], `is not a regular expression: ${(error as Error).message}`)
      }
    }
    if ((t.pattern !== undefined || t.channels !== undefined) && t.event !== 'message.received') {
      problems.add(
        [...at, t.pattern !== undefined ? 'pattern' : 'channels'],
        'applies to message.received only',
      )
    }
    return {
      kind,
      event: t.event,
      ignoreBots: t.ignoreBots ?? true,
      ...(pattern ? { pattern } : {}),
      ...(t.channels ? { channels: new Set(t.channels) } : {}),
      ...(t.key ? { key: t.key } : {}),
    }
  }
  if (kind === 'schedule') {
    const schedule = raw.schedule
    if (schedule === null || typeof schedule !== 'object' || Array.isArray(schedule)) {
      problems.add([...at, 'schedule'], 'must be { cron, tz } or { every }')
      return undefined
    }
    const extra = Object.keys(raw).filter((k) => k !== 'schedule')
    if (extra.length > 0) problems.add(at, `unknown field "${extra[0]}"`)
    if ('cron' in schedule) {
      const parsed = cronScheduleSchema.safeParse(schedule)
      if (!parsed.success) return void zodProblems(problems, [...at, 'schedule'], parsed.error)
      const { cron, tz } = parsed.data
      if (tz !== undefined && !isTimeZone(tz)) {
        problems.add([...at, 'schedule', 'tz'], `"${tz}" is not an IANA time zone`)
        return undefined
      }
      try {
        CronExpressionParser.parse(cron, { tz: tz ?? 'UTC', strict: false })
      } catch (error) {
        problems.add(
          [...at, 'schedule', 'cron'],
          `"${cron}" is not a cron expression: ${(error as Error).message}`,
        )
        return undefined
      }
      return { kind, cron, ...(tz ? { tz } : {}) }
    }
    const parsed = everyScheduleSchema.safeParse(schedule)
    if (!parsed.success) return void zodProblems(problems, [...at, 'schedule'], parsed.error)
    const every = parseDuration(parsed.data.every) ?? 0
    if (every < 1000) {
      problems.add([...at, 'schedule', 'every'], 'must be at least 1s')
      return undefined
    }
    return { kind, every }
  }
  if (kind === 'command') {
    const parsed = commandTriggerSchema.safeParse(raw)
    if (!parsed.success) return void zodProblems(problems, at, parsed.error)
    const description = parsed.data.command === true ? undefined : parsed.data.command.description
    return { kind, ...(description ? { description } : {}) }
  }
  if (kind === 'webhook') {
    const parsed = webhookTriggerSchema.safeParse(raw)
    if (!parsed.success) {
      // Never echo a secret back: keep the message, drop quoted values.
      for (const issue of parsed.error.issues)
        problems.add([...at, ...(issue.path as Path)], issue.message.replace(/"[^"]*"/g, '"***"'))
      return undefined
    }
    const secret = parsed.data.webhook === true ? undefined : parsed.data.webhook.secret
    if (secret === undefined && !defaults.webhookSecret) {
      problems.add([...at, 'webhook', 'secret'], "is required (or set the plugin's `webhookSecret`)")
      return undefined
    }
    return { kind, ...(secret ? { secret } : {}) }
  }
  const parsed = manualTriggerSchema.safeParse(raw)
  if (!parsed.success) return void zodProblems(problems, at, parsed.error)
  return { kind: 'manual' }
}

/**
 * Validates a workflow definition and compiles it. Every problem is collected and reported at
 * once, each with the workflow id and the path inside it:
 * `workflow "welcome": steps[1].url: Invalid input: expected string, received undefined`.
 * Throws `WORKFLOW_INVALID`.
 */
export function validateWorkflow(input: unknown, env: ValidationEnv, label?: string): Workflow {
  const rawId = (input as { id?: unknown } | null)?.id
  const name = typeof rawId === 'string' && rawId !== '' ? `workflow "${rawId}"` : (label ?? 'workflow')
  const list: string[] = []
  const problems: Problems = {
    list,
    add: (path, message) => list.push(`${name}: ${formatPathOf(path) || '(top)'}: ${message}`),
  }
  const unknownTypes: string[] = []
  const fail = () =>
    workflowError('WORKFLOW_INVALID', list.join('\n'), {
      retryable: false,
      details: { problems: list, unknownTypes, workflowId: typeof rawId === 'string' ? rawId : undefined },
    })

  const shape = workflowShapeSchema.safeParse(input)
  if (!shape.success) {
    zodProblems(problems, [], shape.error)
    throw fail()
  }
  const def = shape.data
  const trigger = validateTrigger(def.trigger, problems, env.defaults)
  const facts: StepFacts = {
    triggerKind:
      trigger?.kind === 'event'
        ? `${trigger.event} event`
        : (trigger?.kind ?? TRIGGER_KEYS.find((key) => key in def.trigger) ?? 'unknown'),
    triggerHasMessage:
      trigger?.kind === 'command' || (trigger?.kind === 'event' && trigger.event === 'message.received'),
  }
  const workflowRetry = resolveRetry(def.retry, env.defaults.retry)
  let counter = 0
  const ids = new Set<string>()

  const walk = (list: readonly Record<string, unknown>[], base: Path): Tree[] => {
    const out: Tree[] = []
    for (const [index, raw] of list.entries()) {
      const at: Path = [...base, index]
      counter += 1
      const fallbackId = `step${counter}`
      const type = raw.type
      if (typeof type !== 'string') {
        problems.add([...at, 'type'], `is required (one of ${env.steps.names().join(', ')})`)
        continue
      }
      const id = typeof raw.id === 'string' ? raw.id : fallbackId
      if (ids.has(id)) problems.add([...at, 'id'], `"${id}" is used by another step`)
      ids.add(id)
      if (type === 'if') {
        const parsed = ifStepSchema.safeParse(raw)
        if (!parsed.success) {
          zodProblems(problems, at, parsed.error)
          continue
        }
        out.push({
          kind: 'if',
          id,
          path: formatPathOf(at),
          condition: parsed.data.condition,
          thenSteps: walk(parsed.data.then, [...at, 'then']),
          elseSteps: walk(parsed.data.else ?? [], [...at, 'else']),
        })
        continue
      }
      const stepType = env.steps.get(type)
      if (!stepType) {
        unknownTypes.push(type)
        problems.add([...at, 'type'], `unknown step type "${type}" (known: ${env.steps.names().join(', ')})`)
        continue
      }
      const common = stepCommonSchema.safeParse(raw)
      if (!common.success) {
        zodProblems(problems, at, common.error)
        continue
      }
      const rest: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(raw)) if (!COMMON_KEYS.has(key)) rest[key] = value
      const config = stepType.schema.safeParse(rest)
      if (!config.success) {
        zodProblems(problems, at, config.error)
        continue
      }
      for (const problem of stepType.check?.(config.data, facts) ?? [])
        problems.add([...at, ...problem.path], problem.message)
      out.push({
        kind: 'step',
        id,
        path: formatPathOf(at),
        type,
        config: config.data,
        raw: rest,
        retry: resolveRetry(common.data.retry, workflowRetry),
        timeoutMs:
          common.data.timeout === undefined
            ? env.defaults.stepTimeoutMs
            : (parseDuration(common.data.timeout) ?? 0),
        continueOnError: common.data.continueOnError ?? false,
      })
    }
    return out
  }
  const tree = walk(def.steps, ['steps'])
  const program = compile(tree)
  checkTemplates(def, program, tree, env, problems)
  if (list.length > 0 || !trigger) throw fail()

  const mode = def.mode ?? 'single'
  const queues = mode === 'queued' || mode === 'parallel'
  return {
    id: def.id,
    description: def.description ?? '',
    trigger,
    conditions: def.conditions ?? [],
    vars: def.vars ?? {},
    program,
    mode,
    concurrency: mode === 'parallel' ? (def.concurrency ?? 10) : 1,
    maxWaiting: queues ? (def.max ?? 100) : 0,
    timeoutMs: def.timeout === undefined ? env.defaults.timeoutMs : (parseDuration(def.timeout) ?? 0),
    source: env.source,
  }
}

function compile(tree: readonly Tree[]): Op[] {
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

function checkTemplates(
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
