import { type CommandContext, type Disposer, type PluginContext, tokenize, z } from '@banter/core'
import { formatDuration } from '../definition/duration.js'
import { describeTrigger } from '../definition/workflow.js'
import type { Metrics } from '../engine/metrics.js'
import type { StartResult, WorkflowEngine } from '../engine/workflow-engine.js'
import type { RunRecord } from '../queue/run-record.js'
import { quoteInput } from './quote-input.js'

function startedText(result: StartResult): string {
  switch (result.status) {
    case 'started':
      return `▶️ Started run \`${result.runId}\` of \`${result.workflowId}\`.`
    case 'waiting':
      return `⏳ Run \`${result.runId}\` of \`${result.workflowId}\` waits for a free slot.`
    case 'duplicate':
      return `↩️ Already started as run \`${result.runId}\`.`
    case 'skipped':
      return `⏭️ Not started: a run of \`${result.workflowId}\` is on and its mode allows one at a time.`
    case 'filtered':
      return `🚫 Not started: the conditions of \`${result.workflowId}\` are false.`
  }
}

function runText(run: RunRecord, total: number): string {
  const lines = [
    `Run \`${run.id}\` of \`${run.workflowId}\`: **${run.status}**`,
    `steps done: ${run.completed}, next instruction: ${Math.min(run.pc + 1, total)}/${total}${run.attempt > 0 ? `, failed attempts: ${run.attempt}` : ''}`,
    `trigger: ${run.trigger.kind}, created ${new Date(run.createdAt).toISOString()}`,
  ]
  if (run.finishedAt !== undefined && run.startedAt !== undefined)
    lines.push(`took ${formatDuration(run.finishedAt - run.startedAt)}`)
  if (run.error)
    lines.push(`${run.error.step ? `step ${run.error.step}: ` : ''}${run.error.code}: ${run.error.message}`)
  return lines.join('\n')
}

/**
 * Registers `!workflow list|run|status|cancel` (for the `access` levels) and `!run <id> [args]` (for
 * workflows with a command trigger).
 */
export function registerCommands(
  ctx: PluginContext<unknown>,
  engine: WorkflowEngine,
  metrics: Metrics,
  access: readonly string[],
): Disposer[] {
  const payload = (context: CommandContext, args: string) => ({
    message: context.message,
    args,
    argv: tokenize(args).map((t) => t.text),
  })
  const workflow = ctx.commands.register({
    name: 'workflow',
    aliases: ['wf'],
    description: 'Lists, runs, inspects and cancels workflows',
    permissions: access,
    args: z.object({
      action: z.enum(['list', 'run', 'status', 'cancel']),
      target: z.string().optional(),
      args: z.string().optional(),
    }),
    handler: async (context) => {
      const { action, target, args } = context.args
      if (action === 'list') {
        const lines = [...engine.workflows.values()].map(
          (w) =>
            `\`${w.id}\` — ${describeTrigger(w.trigger)}, ${w.mode} (${w.source})${w.description ? `: ${w.description}` : ''}`,
        )
        await context.reply(lines.length ? `Workflows:\n${lines.join('\n')}` : 'No workflows.')
        return
      }
      if (action === 'run') {
        if (!target) return void (await context.reply(`Usage: \`${ctx.bot.prefix}workflow run <id> [args]\``))
        if (!engine.workflows.has(target))
          return void (await context.reply(`No workflow ${quoteInput(target)}.`))
        const result = await engine.start(target, {
          kind: 'manual',
          payload: payload(context, args ?? ''),
          skipConditions: true,
        })
        await context.reply(startedText(result))
        return
      }
      if (action === 'cancel') {
        if (!target) return void (await context.reply(`Usage: \`${ctx.bot.prefix}workflow cancel <run>\``))
        const done = await engine.cancel(target, `cancelled by ${context.message.author.name}`)
        await context.reply(
          done ? `⏹️ Cancelling run ${quoteInput(target)}.` : `No unfinished run ${quoteInput(target)}.`,
        )
        return
      }
      if (target) {
        const run = await engine.run(target)
        const total = engine.workflows.get(run?.workflowId ?? '')?.program.length ?? 0
        await context.reply(run ? runText(run, total) : `No run ${quoteInput(target)}.`)
        return
      }
      const recent = await Promise.all((await engine.driver.store.recent(10)).map((id) => engine.run(id)))
      const runs = recent
        .filter((r): r is RunRecord => r !== undefined)
        .map((r) => `\`${r.id}\` ${r.workflowId}: ${r.status}${r.error ? ` (${r.error.code})` : ''}`)
      const counts = Object.entries(metrics.snapshot()).map(
        ([id, m]) =>
          `\`${id}\`: ${m.completed} completed, ${m.failed} failed, ${m.cancelled} cancelled, ${m.skipped} skipped, ${m.retries} retries`,
      )
      await context.reply(
        [
          `Queue: ${engine.driver.kind}${engine.driver.durable ? '' : ' (not durable)'}`,
          'Recent runs:',
          ...(runs.length ? runs : ['none']),
          ...(counts.length ? ['This process:', ...counts] : []),
        ].join('\n'),
      )
    },
  })
  const run = ctx.commands.register({
    name: 'run',
    description: 'Runs a workflow that has a command trigger',
    args: z.object({ id: z.string(), args: z.string().optional() }),
    handler: async (context) => {
      const target = engine.workflows.get(context.args.id)
      if (target?.trigger.kind !== 'command') {
        const names = [...engine.workflows.values()]
          .filter((w) => w.trigger.kind === 'command')
          .map((w) => `\`${w.id}\``)
        await context.reply(
          `No command workflow ${quoteInput(context.args.id)}. Try: ${names.join(', ') || 'none defined'}.`,
        )
        return
      }
      const result = await engine.start(target.id, {
        kind: 'command',
        payload: payload(context, context.args.args ?? ''),
        key: `msg:${context.message.id}`,
      })
      if (result.status !== 'started') await context.reply(startedText(result))
    },
  })
  return [workflow, run]
}
