import { type ChatMessage, z } from '@banter/core'
import { workflowError } from '../errors.js'
import type { StepType } from './step-type.js'

const commandSchema = z.strictObject({
  /** The command line, prefix optional (template): `remind 5 tea`. */
  line: z.string().min(1),
  /** Channel to run it in (template); default: the triggering message's channel. */
  channel: z.string().min(1).optional(),
})

/**
 * `command`: runs another plugin's command as the author of the triggering message (or, for runs
 * without a message, as the workflow itself, a bot user). Output `{ ok, command, replies }`.
 */
export const commandStep: StepType<z.output<typeof commandSchema>> = {
  type: 'command',
  description: "Runs another plugin's command",
  schema: commandSchema,
  check: (config, facts) =>
    config.channel === undefined && !facts.triggerHasMessage
      ? [
          {
            path: ['channel'],
            message: `is required: a ${facts.triggerKind} trigger carries no chat message`,
          },
        ]
      : [],
  async run(config, step) {
    const line = step.render(config.line).trim()
    const channel = config.channel === undefined ? undefined : step.render(config.channel).trim()
    const base = step.message
    const as: ChatMessage = base
      ? { ...base, ...(channel ? { channelId: channel } : {}) }
      : {
          id: `wf-${step.idempotencyKey}`,
          channelId: channel ?? '',
          author: { id: `workflow:${step.workflowId}`, name: step.workflowId, bot: true },
          content: line,
          attachments: [],
          mentions: { users: [], roles: [], everyone: false, bot: false },
          timestamp: step.now(),
          platform: step.plugin.bot.platform,
        }
    const result = await step.plugin.commands.run(line, as)
    const output = { ok: result.ok, command: result.command, replies: result.replies.map((r) => r.content) }
    if (!result.ok) {
      throw workflowError(
        'WORKFLOW_STEP_FAILED',
        `step "${step.stepId}": command "${line.split(/\s/)[0]}" did not run: ${result.error?.message ?? 'unknown error'}`,
        { retryable: false, details: { output } },
      )
    }
    return { output }
  },
}
