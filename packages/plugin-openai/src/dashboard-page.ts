import type { PluginContext } from '@banter/core'

/** What one channel saw since this process started. */
interface ChannelCounters {
  answers: number
  failed: number
  cutOff: number
  toolCalls: number
  chars: number
  model: string
}

/**
 * The AI page of the dashboard (when the plugin holds its optional `http` and its context serves
 * HTTP): answers, failures, answers cut off, tool calls and answer length per channel, counted in
 * this process from its own `openai.answered` and `openai.failed` events. Token counts and latency
 * are not shown: the plugin does not ask the AI service for usage, and its events carry no timing.
 */
export function registerDashboardPage(ctx: PluginContext<unknown>): void {
  if (!ctx.can('http')) return
  const channels = new Map<string, ChannelCounters>()
  const of = (channelId: string) => {
    let c = channels.get(channelId)
    if (!c) {
      c = { answers: 0, failed: 0, cutOff: 0, toolCalls: 0, chars: 0, model: '' }
      channels.set(channelId, c)
    }
    return c
  }
  try {
    ctx.events.on('openai.answered', (e) => {
      const c = of(e.channelId)
      c.answers += 1
      c.toolCalls += e.toolCalls
      c.chars += e.text.length
      c.model = e.model
      if (e.finishReason !== 'stop') c.cutOff += 1
    })
    ctx.events.on('openai.failed', (e) => {
      of(e.channelId).failed += 1
    })
    ctx.http.route({
      method: 'GET',
      path: '/dashboard/channels',
      auth: 'admin',
      handler: () => ({
        body: {
          rows: [...channels].map(([channel, c]) => ({
            channel,
            answers: c.answers,
            failed: c.failed,
            cutOff: c.cutOff,
            toolCalls: c.toolCalls,
            averageChars: c.answers ? Math.round(c.chars / c.answers) : 0,
            model: c.model,
          })),
        },
      }),
    })
    ctx.http.route({
      method: 'GET',
      path: '/dashboard/answers',
      auth: 'admin',
      handler: () => ({ body: { value: [...channels.values()].reduce((n, c) => n + c.answers, 0) } }),
    })
    ctx.ui.page({
      id: 'openai',
      title: 'AI answers',
      body: [
        {
          type: 'markdown',
          text: 'Per channel, since this process started. Token counts and latency are not reported yet.',
        },
        {
          type: 'table',
          title: 'Channels',
          columns: [
            { key: 'channel', label: 'Channel' },
            { key: 'answers', label: 'Answers' },
            { key: 'failed', label: 'Failed' },
            { key: 'cutOff', label: 'Cut off' },
            { key: 'toolCalls', label: 'Tool calls' },
            { key: 'averageChars', label: 'Average length' },
            { key: 'model', label: 'Model' },
          ],
          route: '/dashboard/channels',
        },
      ],
    })
    ctx.ui.widget({
      id: 'openai',
      title: 'AI',
      body: [{ type: 'stat', label: 'Answers', route: '/dashboard/answers' }],
    })
  } catch (error) {
    ctx.logger.info({ err: error }, 'no dashboard page: this context cannot serve HTTP')
  }
}
