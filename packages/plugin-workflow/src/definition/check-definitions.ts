import { z } from '@banter/core'
import { BUILTIN_STEPS } from '../steps/builtin-steps.js'
import { StepRegistry } from '../steps/step-registry.js'
import { TemplateEngine } from '../template/template-engine.js'
import type { Issue } from './problems.js'
import { validateWorkflow } from './validate-workflow.js'

/** What {@link definitionIssues} needs to know about the plugin's other options. */
export interface DefinitionCheckEnv {
  /** Step types other plugins register (`stepTypes`): accepted with any fields. */
  readonly stepTypes: readonly string[]
  /** Whether the plugin has a default webhook secret. */
  readonly webhookSecret: boolean
}

let templates: TemplateEngine | undefined

/**
 * Every problem of the workflow definitions in the plugin's options, with its path
 * (`[0, 'steps', 1, 'txt']`): unknown step types and fields, bad triggers, durations and templates,
 * duplicate ids. The same checks as when the plugin loads, so `banter config check` reports them
 * without starting the bot. Step types listed in `stepTypes` are taken on trust here; their fields
 * are checked when the plugin that provides them registers them.
 */
export function definitionIssues(inputs: readonly unknown[], env: DefinitionCheckEnv): Issue[] {
  templates ??= new TemplateEngine()
  const steps = new StepRegistry()
  for (const step of BUILTIN_STEPS) steps.register(step)
  for (const type of new Set(env.stepTypes)) {
    if (steps.get(type) || type === 'if') continue
    steps.register({
      type,
      description: 'provided by another plugin (`stepTypes`)',
      schema: z.record(z.string(), z.unknown()),
      run: () => undefined,
    })
  }
  const defaults = {
    timeoutMs: 0,
    stepTimeoutMs: 0,
    retry: { attempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    webhookSecret: env.webhookSecret,
  }
  const issues: Issue[] = []
  const ids = new Map<string, number>()
  inputs.forEach((input, index) => {
    const id = (input as { id?: unknown } | null)?.id
    if (typeof id === 'string') {
      const first = ids.get(id)
      if (first !== undefined) {
        issues.push({ path: [index, 'id'], message: `"${id}" is the id of workflows[${first}] too` })
      } else {
        ids.set(id, index)
      }
    }
    try {
      validateWorkflow(input, { steps, templates: templates as TemplateEngine, defaults, source: 'config' })
    } catch (error) {
      const found = (error as { details?: { issues?: Issue[] } }).details?.issues
      if (!found) throw error
      for (const issue of found) issues.push({ path: [index, ...issue.path], message: issue.message })
    }
  })
  return issues
}
