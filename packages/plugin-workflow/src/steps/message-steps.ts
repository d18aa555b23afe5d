import { z } from '@banter/core'
import { workflowError } from '../errors.js'
import type { StepFacts, StepProblem, StepType } from './step-type.js'

const sendSchema = z.strictObject({
  /** Target channel id (template); default: the channel of the triggering message. */
  channel: z.string().min(1).optional(),
  /** Message text (template). */
  text: z.string().min(1),
})

const replySchema = z.strictObject({
  /** Message text (template). */
  text: z.string().min(1),
})

function needsMessage(facts: StepFacts, field: string, why: string): StepProblem[] {
  return facts.triggerHasMessage
    ? []
    : [{ path: [field], message: `${why}: a ${facts.triggerKind} trigger carries no chat message` }]
}

/** `send`: posts a message; its nonce is the step's idempotency key. */
export const sendStep: StepType<z.output<typeof sendSchema>> = {
  type: 'send',
  description: 'Posts a message to a channel',
  schema: sendSchema,
  check: (config, facts) =>
    config.channel === undefined
      ? needsMessage(facts, 'channel', 'is required unless the trigger is a message or a command')
      : [],
  async run(config, step) {
    const channel =
      config.channel === undefined ? step.message?.channelId : step.render(config.channel).trim()
    if (!channel) {
      throw workflowError('WORKFLOW_STEP_FAILED', `step "${step.stepId}": no channel to send to`, {
        retryable: false,
      })
    }
    const content = step.render(config.text)
    if (content.trim() === '') {
      throw workflowError('WORKFLOW_STEP_FAILED', `step "${step.stepId}": the text rendered empty`, {
        retryable: false,
      })
    }
    const sent = await step.plugin.messages.send(channel, { content, nonce: step.idempotencyKey })
    return { output: { id: sent.id, channelId: sent.channelId, content } }
  },
}

/** `reply`: answers the triggering message; its nonce is the step's idempotency key. */
export const replyStep: StepType<z.output<typeof replySchema>> = {
  type: 'reply',
  description: 'Answers the message that triggered the run',
  schema: replySchema,
  check: (_config, facts) => needsMessage(facts, 'text', 'cannot reply'),
  async run(config, step) {
    const message = step.message
    if (!message) {
      throw workflowError(
        'WORKFLOW_STEP_FAILED',
        `step "${step.stepId}": this run has no message to reply to`,
        {
          retryable: false,
        },
      )
    }
    const content = step.render(config.text)
    if (content.trim() === '') {
      throw workflowError('WORKFLOW_STEP_FAILED', `step "${step.stepId}": the text rendered empty`, {
        retryable: false,
      })
    }
    const sent = await step.plugin.messages.reply(message, { content, nonce: step.idempotencyKey })
    return { output: { id: sent.id, channelId: sent.channelId, content } }
  },
}
