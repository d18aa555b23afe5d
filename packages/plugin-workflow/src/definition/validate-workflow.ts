import { workflowError } from '../errors.js'
import type { StepRegistry } from '../steps/step-registry.js'
import type { StepFacts } from '../steps/step-type.js'
import type { TemplateEngine } from '../template/template-engine.js'
import { checkTemplates } from './check-templates.js'
import { compile, type Tree } from './compile.js'
import { ifStepSchema, stepCommonSchema, workflowShapeSchema } from './definition-schema.js'
import { parseDuration } from './duration.js'
import { formatPathOf, type Issue, type Path, type Problems, zodProblems } from './problems.js'
import { TRIGGER_KEYS, validateTrigger } from './validate-trigger.js'
import type { RetryPolicy, Workflow } from './workflow.js'

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

const COMMON_KEYS = new Set(['type', 'id', 'retry', 'timeout', 'continueOnError'])

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

/**
 * Validates a workflow definition and compiles it. Every problem is collected and reported at
 * once, each with the workflow id and the path inside it:
 * `workflow "welcome": steps[1].url: Invalid input: expected string, received undefined`.
 * Throws `WORKFLOW_INVALID`; its `details.issues` holds each problem with its path.
 */
export function validateWorkflow(input: unknown, env: ValidationEnv, label?: string): Workflow {
  const rawId = (input as { id?: unknown } | null)?.id
  const name = typeof rawId === 'string' && rawId !== '' ? `workflow "${rawId}"` : (label ?? 'workflow')
  const list: string[] = []
  const issues: Issue[] = []
  const problems: Problems = {
    list,
    issues,
    add: (path, message) => {
      list.push(`${name}: ${formatPathOf(path) || '(top)'}: ${message}`)
      issues.push({ path, message })
    },
  }
  const unknownTypes: string[] = []
  const fail = () =>
    workflowError('WORKFLOW_INVALID', list.join('\n'), {
      retryable: false,
      details: {
        problems: list,
        issues,
        unknownTypes,
        workflowId: typeof rawId === 'string' ? rawId : undefined,
      },
    })

  let shape = workflowShapeSchema.safeParse(input)
  if (!shape.success) {
    zodProblems(problems, [], shape.error)
    // Unknown top-level fields only: report them and go on, so that one check finds every problem.
    shape = workflowShapeSchema.strip().safeParse(input)
    if (!shape.success) throw fail()
  }
  const def = shape.data
  const trigger = validateTrigger(def.trigger, problems, env.defaults.webhookSecret)
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
