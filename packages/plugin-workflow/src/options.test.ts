import { type OptionIssue, validateOptions } from '@banter/core'
import { describe, expect, it } from 'vitest'
import { workflowOptionsSchema } from './options.js'
import { WorkflowPlugin } from './plugin/workflow-plugin.js'

/** Validates options as `banter config check` does: the plugin's configSchema through the core. */
async function configCheck(options: unknown): Promise<[string, string][]> {
  try {
    await validateOptions('workflow', WorkflowPlugin.configSchema, options)
  } catch (error) {
    const issues = (error as { details: { issues: OptionIssue[] } }).details.issues
    return issues.map((issue) => [issue.path.join('.'), issue.message])
  }
  return []
}

describe('workflow options schema (issue 11: config check misses unknown step types and fields)', () => {
  it('config check: reports unknown workflow step types and unknown fields with their path', async () => {
    const found = await configCheck({
      workflows: [
        { id: 'a', trigger: { manual: true }, steps: [{ type: 'sned', channel: 'c', text: 'x' }] },
        { id: 'b', trigger: { manual: true, chanel: 'c' }, steps: [{ type: 'log', message: 'x' }] },
        {
          id: 'c',
          trigger: { command: true },
          retyr: { attempts: 2 },
          steps: [
            { type: 'reply', txt: 'x' },
            {
              type: 'if',
              condition: 'trigger.args == "x"',
              // biome-ignore lint/suspicious/noThenProperty: an if step's branch
              then: [{ type: 'lgo', message: 'm' }],
              els: [{ type: 'log', message: 'n' }],
            },
          ],
        },
        {
          id: 'd',
          trigger: { schedule: { every: '1h' }, tz: 'UTC' },
          steps: [{ type: 'http', url: 'https://example.com', retry: { attempts: 2, backof: '1s' } }],
        },
      ],
    })
    expect(found).toEqual(
      expect.arrayContaining([
        ['workflows.0.steps.0.type', expect.stringContaining('unknown step type "sned"')],
        ['workflows.1.trigger.chanel', 'unknown field "chanel"'],
        ['workflows.2.retyr', 'unknown field "retyr"'],
        ['workflows.2.steps.1.els', 'unknown field "els"'],
        ['workflows.3.trigger.tz', 'unknown field "tz"'],
        ['workflows.3.steps.0.retry.backof', 'unknown field "backof"'],
      ]),
    )
    // Each problem of a definition that is otherwise well-formed is found in the same run.
    const again = await configCheck({
      workflows: [
        {
          id: 'c',
          trigger: { command: true },
          steps: [
            { type: 'reply', txt: 'x' },
            // biome-ignore lint/suspicious/noThenProperty: an if step's branch
            { type: 'if', condition: 'true', then: [{ type: 'lgo', message: 'm' }] },
          ],
        },
      ],
    })
    expect(again).toEqual(
      expect.arrayContaining([
        ['workflows.0.steps.0.txt', 'unknown field "txt"'],
        ['workflows.0.steps.1.then.0.type', expect.stringContaining('unknown step type "lgo"')],
      ]),
    )
  })

  it('config check: reports workflow problems even when another option is wrong too', async () => {
    const found = await configCheck({
      driver: 'memry',
      workflows: [{ id: 'a', trigger: { manual: true }, steps: [{ type: 'sned', text: 'x' }] }],
    })
    expect(found.map(([path]) => path)).toEqual(
      expect.arrayContaining(['driver', 'workflows.0.steps.0.type']),
    )
  })

  it('accepts the step types other plugins register when listed in stepTypes, and nothing else', async () => {
    const workflows = [
      {
        id: 'a',
        trigger: { manual: true },
        steps: [
          { type: 'shout', id: 's', text: 'hi', loud: true },
          { type: 'log', message: '{{ steps.s }}' },
        ],
      },
    ]
    expect(await configCheck({ stepTypes: ['shout'], workflows })).toEqual([])
    expect(await configCheck({ workflows })).toEqual([
      ['workflows.0.steps.0.type', expect.stringContaining('unknown step type "shout"')],
      ['workflows.0.steps.1.message', 'unknown step "s" in "steps.s"'],
    ])
  })

  it('documents its limits with sensible defaults', () => {
    const options = workflowOptionsSchema.parse({})
    expect(options).toMatchObject({
      keepRuns: '7d',
      maxRuns: 1000,
      stepTypes: [],
      limits: {
        renderChars: 100_000,
        renderTime: '250ms',
        renderMemory: 1_000_000,
        conditionTime: '50ms',
        conditionMemory: 100_000,
        recordValue: 32_000,
      },
    })
    const issues = workflowOptionsSchema.safeParse({ limits: { renderChars: 0, nope: 1 } }).error?.issues
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['limits'], code: 'unrecognized_keys' }),
        expect.objectContaining({ path: ['limits', 'renderChars'] }),
      ]),
    )
  })
})
