import type { BotEventName, ChatMessage, Disposer, PluginContext } from '@banter/core'
import type { Workflow } from '../definition/workflow.js'
import type { TriggerFire, WorkflowEngine } from '../engine/workflow-engine.js'
import type { TemplateEngine } from '../template/template-engine.js'

/** The payload of a `message.received` trigger: the message and the pattern's match. */
function messagePayload(message: ChatMessage, match: RegExpExecArray | null): Record<string, unknown> {
  return {
    message,
    ...(match ? { match: { text: match[0], groups: match.slice(1), named: match.groups ?? {} } } : {}),
  }
}

function defaultKey(event: string, payload: Record<string, unknown>, now: number): string | undefined {
  const message = payload.message as { id?: unknown } | undefined
  if (typeof message?.id === 'string') return `msg:${message.id}`
  if (event === 'member.joined') {
    const user = payload.user as { id?: unknown } | undefined
    // Joins carry no id: one run per guild, user and minute.
    return `join:${String(payload.guildId)}:${String(user?.id)}:${Math.floor(now / 60_000)}`
  }
  if (typeof payload.runId === 'string') return `${event}:${payload.runId}`
  if (typeof payload.id === 'string') return `${event}:${payload.id}`
  return undefined
}

/**
 * Listens for the event that triggers `workflow` and starts runs (in the background, handed to
 * `track`); returns the disposer. Failures are logged, never thrown into the event bus.
 */
export function wireEventTrigger(
  ctx: PluginContext<unknown>,
  engine: WorkflowEngine,
  templates: TemplateEngine,
  workflow: Workflow,
  track: (pending: Promise<unknown>) => void,
): Disposer | undefined {
  const trigger = workflow.trigger
  if (trigger.kind !== 'event') return undefined
  // Runs start in the background: a slow queue never holds up the event bus or counts against the
  // plugin's hook timeout.
  const fire = (event: TriggerFire) =>
    track(
      engine.start(workflow.id, event).catch((error: unknown) => {
        ctx.logger.error(
          { err: error, workflow: workflow.id },
          `workflow "${workflow.id}": trigger failed: ${(error as Error).message}`,
        )
      }),
    )
  return ctx.events.on(trigger.event as BotEventName, (raw: unknown) => {
    const payload = (raw ?? {}) as Record<string, unknown>
    let fired: Record<string, unknown> = payload
    if (trigger.event === 'message.received') {
      const message = payload.message as ChatMessage
      if (trigger.ignoreBots && message.author.bot) return
      if (trigger.channels && !trigger.channels.has(message.channelId)) return
      let match: RegExpExecArray | null = null
      if (trigger.pattern) {
        trigger.pattern.lastIndex = 0
        match = trigger.pattern.exec(message.content)
        if (!match) return
      }
      fired = messagePayload(message, match)
    } else if (trigger.event.startsWith('workflow.') && payload.workflowId === workflow.id) {
      return // a workflow never triggers itself through its own events
    }
    let key: string | undefined
    try {
      key = trigger.key
        ? templates.render(trigger.key, { trigger: fired, steps: {}, vars: {}, run: {}, workflow: {} })
        : defaultKey(trigger.event, fired, engine.driver.now())
    } catch (error) {
      ctx.logger.warn(
        { err: error, workflow: workflow.id },
        `workflow "${workflow.id}": trigger key failed to render`,
      )
    }
    fire({ kind: 'event', payload: { event: trigger.event, ...fired }, ...(key ? { key } : {}) })
  })
}
