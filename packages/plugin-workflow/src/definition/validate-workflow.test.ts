import { describe, expect, it } from 'vitest'
import { BUILTIN_STEPS } from '../steps/builtin-steps.js'
import { StepRegistry } from '../steps/step-registry.js'
import { TemplateEngine } from '../template/template-engine.js'
import { validateWorkflow } from './validate-workflow.js'

const steps = new StepRegistry()
for (const step of BUILTIN_STEPS) steps.register(step)
const env = {
  steps,
  templates: new TemplateEngine(),
  source: 'config',
  defaults: {
    timeoutMs: 600_000,
    stepTimeoutMs: 120_000,
    retry: { attempts: 3, backoffMs: 1000, maxBackoffMs: 300_000 },
    webhookSecret: false,
  },
}

function problems(input: unknown): string[] {
  try {
    validateWorkflow(input, env)
  } catch (error) {
    expect((error as { code: string }).code).toBe('WORKFLOW_INVALID')
    return (error as { details: { problems: string[] } }).details.problems
  }
  throw new Error('expected the definition to be refused')
}

describe('validateWorkflow', () => {
  it('compiles if/else into branches and jumps, with default ids and resolved policies', () => {
    const workflow = validateWorkflow(
      {
        id: 'w',
        trigger: { event: 'message.received', pattern: '^hi' },
        mode: 'parallel',
        retry: { attempts: 5 },
        steps: [
          {
            type: 'if',
            condition: 'trigger.message.content == "hi"',
            // biome-ignore lint/suspicious/noThenProperty: an if step's branch
            then: [{ type: 'reply', text: 'a' }],
            else: [{ type: 'reply', text: 'b', retry: { attempts: 1 } }],
          },
          { type: 'delay', duration: '5m' },
        ],
      },
      env,
    )
    expect(workflow.program.map((op) => op.op)).toEqual(['branch', 'step', 'jump', 'step', 'step'])
    expect(workflow.program[0]).toMatchObject({ id: 'step1', elseAt: 3 })
    expect(workflow.program[2]).toMatchObject({ to: 4 })
    expect(workflow.program[1]).toMatchObject({ id: 'step2', retry: { attempts: 5, backoffMs: 1000 } })
    expect(workflow.program[3]).toMatchObject({ id: 'step3', retry: { attempts: 1 } })
    expect(workflow).toMatchObject({ mode: 'parallel', concurrency: 10, maxWaiting: 100, timeoutMs: 600_000 })
  })

  it('reports every problem with the workflow id and the path inside it', () => {
    const found = problems({
      id: 'bad',
      trigger: { schedule: { cron: '61 * * * *', tz: 'UTC' } },
      steps: [
        { type: 'sned', text: 'x' },
        { type: 'delay', duration: 'soon' },
        { type: 'http', url: 'https://x.test', method: 'BREW' },
        { type: 'send', channel: 'c', text: '{{ vars.nope }} {{ steps.later.text }} {{ secrets.key }}' },
        { type: 'ai', id: 'later', prompt: 'p' },
        { type: 'log', message: 'm', levle: 'warn' },
        // biome-ignore lint/suspicious/noThenProperty: an if step's branch
        { type: 'if', condition: 'vars.x >', then: [] },
      ],
    })
    expect(found).toEqual([
      expect.stringMatching(
        /^workflow "bad": trigger\.schedule\.cron: "61 \* \* \* \*" is not a cron expression/,
      ),
      'workflow "bad": steps[0].type: unknown step type "sned" (known: ai, command, delay, http, if, log, reply, send, set)',
      'workflow "bad": steps[1].duration: "soon" is not a duration (use 500ms, 30s, 5m, 2h or 1d)',
      expect.stringMatching(/^workflow "bad": steps\[2\]\.method: Invalid option/),
      'workflow "bad": steps[5].levle: unknown field "levle"',
      'workflow "bad": steps[6].then: needs at least one step',
      'workflow "bad": steps[3].text: unknown variable "vars.nope": no `vars` entry or earlier `set` step defines it',
      'workflow "bad": steps[3].text: "steps.later" is read before step "later" runs',
      'workflow "bad": steps[3].text: unknown variable "secrets" (templates here can use trigger, steps, vars, run, workflow)',
    ])
  })

  it('refuses bad triggers, bad durations, a bad time zone and steps that need a message', () => {
    expect(problems({ id: 'a', trigger: {}, steps: [{ type: 'log', message: 'x' }] })).toEqual([
      'workflow "a": trigger: needs one of event, schedule, command, webhook, manual',
    ])
    expect(
      problems({
        id: 'b',
        trigger: { schedule: { cron: '0 9 * * *', tz: 'Mars/Base' } },
        steps: [{ type: 'log', message: 'x' }],
      }),
    ).toEqual(['workflow "b": trigger.schedule.tz: "Mars/Base" is not an IANA time zone'])
    expect(
      problems({ id: 'c', trigger: { schedule: { every: '10ms' } }, steps: [{ type: 'reply', text: 'hi' }] }),
    ).toEqual([
      'workflow "c": trigger.schedule.every: must be at least 1s',
      'workflow "c": steps[0].text: cannot reply: a schedule trigger carries no chat message',
    ])
    expect(
      problems({
        id: 'd',
        trigger: { event: 'member.joined', pattern: '(' },
        steps: [{ type: 'send', text: 'hi' }],
      }),
    ).toEqual([
      expect.stringMatching(/^workflow "d": trigger\.pattern: is not a regular expression/),
      'workflow "d": trigger.pattern: applies to message.received only',
      'workflow "d": steps[0].channel: is required unless the trigger is a message or a command: a member.joined event trigger carries no chat message',
    ])
    expect(
      problems({ id: 'e', trigger: { webhook: true }, steps: [{ type: 'log', message: '{{ trigger.body' }] }),
    ).toEqual([
      'workflow "e": trigger.webhook.secret: is required (or set the plugin\'s `webhookSecret`)',
      expect.stringMatching(
        /^workflow "e": steps\[0\]\.message: template "\{\{ trigger\.body": output .* not closed/,
      ),
    ])
    expect(problems({ id: 'no spaces', trigger: { manual: true }, steps: [] })).toEqual([
      expect.stringMatching(/^workflow "no spaces": id: must be 1-64 letters/),
      'workflow "no spaces": steps: needs at least one step',
    ])
  })

  it('never echoes a webhook secret in its errors', () => {
    const found = problems({
      id: 'h',
      trigger: { webhook: { secret: 'short-secret' } },
      steps: [{ type: 'log', message: 'x' }],
    })
    expect(found.join('\n')).not.toContain('short-secret')
  })

  it('lets later steps read variables set earlier and outputs of earlier steps', () => {
    const workflow = validateWorkflow(
      {
        id: 'ok',
        trigger: { command: true },
        vars: { base: 1 },
        conditions: ['trigger.message.author.bot == false'],
        steps: [
          { type: 'set', vars: { n: '{{ vars.base | plus: 1 }}' } },
          { type: 'ai', id: 'ask', prompt: '{{ vars.n }} {{ trigger.args }}' },
          {
            type: 'reply',
            text: '{% assign t = steps.ask.text %}{{ t }} {% for w in trigger.argv %}{{ w }}{% endfor %}',
          },
        ],
      },
      env,
    )
    expect(workflow.program).toHaveLength(3)
  })
})
