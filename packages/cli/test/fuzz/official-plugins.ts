import type { PluginEntry } from '@banter/core'
import { AntivirusPlugin } from '@banter/plugin-antivirus'
import { OpenAIPlugin } from '@banter/plugin-openai'
import { TimestampPlugin } from '@banter/plugin-timestamp'
import { WorkflowPlugin } from '@banter/plugin-workflow'

/** The workflows the reliability suites load: a command that replies, and one that echoes input. */
export const WORKFLOWS = [
  {
    id: 'hello',
    description: 'Says hello',
    trigger: { command: true },
    steps: [{ type: 'reply', text: 'Hello, {{ trigger.message.author.name }}!' }],
  },
  {
    id: 'echo',
    description: 'Echoes every message that starts with "echo"',
    mode: 'parallel',
    max: 1000,
    trigger: { event: 'message.received', pattern: '^echo' },
    steps: [{ type: 'reply', text: 'you said {{ trigger.message.content }}' }],
  },
]

/**
 * Every official plugin as the reliability suites run them: antivirus on its built-in engine,
 * timestamp, openai without a key (it stays off and says so), workflow on `driver` (the memory queue
 * unless told otherwise).
 */
export function officialPlugins(workflow: Record<string, unknown> = {}): PluginEntry[] {
  return [
    [AntivirusPlugin, {}],
    [TimestampPlugin, { timeZone: 'UTC', format: 'HH:mm:ss' }],
    [OpenAIPlugin, {}],
    [WorkflowPlugin, { workflows: WORKFLOWS, ...workflow }],
  ] as PluginEntry[]
}
