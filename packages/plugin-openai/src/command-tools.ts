import type { ChatMessage, CommandInfo, CommandRunResult } from '@banter/core'
import type { RunnableToolFunctionWithParse } from 'openai/lib/RunnableFunction'
import type { ResolvedOpenAIOptions } from './options.js'

/** Arguments the model passes to a command tool: one string per argument of the command. */
export type ToolArgs = Record<string, unknown>

/** A command tool, in the shape the SDK's `runTools` takes. */
export type CommandTool = RunnableToolFunctionWithParse<ToolArgs>

/** One tool call, as it is logged and announced. */
export interface ToolCall {
  /** The command that ran. */
  readonly command: string
  /** The command line it ran (without the prefix). */
  readonly line: string
  /** Whether the command ran to completion. */
  readonly ok: boolean
}

/** What {@link buildCommandTools} needs. */
export interface CommandToolsDeps {
  /** The operator's `tools` option. */
  readonly configured: ResolvedOpenAIOptions['tools']
  /** Every registered command now (`ctx.commands.list()`). */
  readonly commands: readonly CommandInfo[]
  /** Runs a command line as the asker (`ctx.commands.run`). */
  run(line: string, as: ChatMessage): Promise<CommandRunResult>
  /** The message whose author the commands run as. */
  readonly as: ChatMessage
  /** Called after each call. */
  onCall(call: ToolCall): void
  /** Called once per listed command that no plugin registered. */
  onMissing(command: string): void
}

/** Quotes a value that holds spaces, the way the command parser groups words. */
function quote(value: string): string {
  if (!/\s/.test(value)) return value
  return value.includes('"') ? `'${value.replace(/'/g, '’')}'` : `"${value}"`
}

/** Builds the command line `name arg1 "arg two" rest of line` from the model's arguments. */
export function commandLine(info: CommandInfo, args: ToolArgs): string {
  const words = [info.name]
  for (const option of info.options) {
    const raw = args[option.name]
    if (raw === undefined || raw === null) continue
    const value = String(raw).replace(/\s+/g, ' ').trim()
    if (value === '') continue
    words.push(option.rest ? value : quote(value))
  }
  return words.join(' ')
}

/**
 * Turns the commands the operator listed under `tools` into function tools for the model. Each call
 * runs the command as the asker would (`ctx.commands.run`: access, cooldown and argument checks
 * apply; its replies go to the channel) and hands the model what the command replied.
 */
export function buildCommandTools(deps: CommandToolsDeps): CommandTool[] {
  const tools: CommandTool[] = []
  for (const entry of deps.configured) {
    const name = typeof entry === 'string' ? entry : entry.command
    const info = deps.commands.find((c) => c.name === name)
    if (!info) {
      deps.onMissing(name)
      continue
    }
    const description = typeof entry === 'string' ? undefined : entry.description
    tools.push({
      type: 'function',
      function: {
        name: info.name,
        description: `${description ?? info.description} (runs the chat command \`${info.usage}\`)`,
        parameters: {
          type: 'object',
          properties: Object.fromEntries(
            info.options.map((o) => [
              o.name,
              {
                type: 'string',
                description: o.rest ? `${o.name} (free text, the rest of the command line)` : o.name,
              },
            ]),
          ),
          required: info.options.filter((o) => o.required).map((o) => o.name),
          additionalProperties: false,
        },
        parse: (input: string) => {
          const parsed: unknown = JSON.parse(input || '{}')
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new Error('the arguments must be a JSON object')
          }
          return parsed as ToolArgs
        },
        function: async (args: ToolArgs) => {
          const line = commandLine(info, args)
          let result: CommandRunResult
          try {
            result = await deps.run(line, deps.as)
          } catch (error) {
            deps.onCall({ command: info.name, line, ok: false })
            return JSON.stringify({ ok: false, error: (error as Error).message })
          }
          deps.onCall({ command: info.name, line, ok: result.ok })
          return JSON.stringify({
            ok: result.ok,
            replies: result.replies.map((r) => r.content),
            ...(result.error ? { error: result.error.message } : {}),
          })
        },
      },
    })
  }
  return tools
}
