import { type Bot, createBot, createLogger, type PluginEntry } from '@banter/core'
import { AntivirusPlugin } from '@banter/plugin-antivirus'
import { OpenAIPlugin } from '@banter/plugin-openai'
import { TimestampPlugin } from '@banter/plugin-timestamp'
import { WorkflowPlugin } from '@banter/plugin-workflow'
import { SoakAdapter } from './soak-adapter.js'

/** Where the soak bot's backing services are. */
export interface SoakServices {
  /** Redis for storage and the workflow bullmq driver. */
  readonly redisUrl: string
  /** A clamd unix socket: the antivirus scans with it after its built-in engine. */
  readonly clamdSocket?: string | undefined
}

/** Log lines by level, and the last few warnings and errors (what an operator would read). */
export interface LogTally {
  readonly byLevel: Record<string, number>
  readonly last: string[]
}

/** A running soak bot. */
export interface SoakBot {
  readonly bot: Bot
  readonly adapter: SoakAdapter
  readonly logs: LogTally
  /** Workflow runs by outcome. */
  readonly runs: { started: number; completed: number; failed: number }
}

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}

/** The workflows of the soak run: one started by a command, one by every message starting "echo". */
const WORKFLOWS = [
  {
    id: 'hello',
    description: 'Says hello',
    trigger: { command: true },
    steps: [{ type: 'reply', text: 'Hello, {{ trigger.message.author.name }}!' }],
  },
  {
    id: 'echo',
    description: 'Echoes messages that start with "echo"',
    mode: 'parallel',
    trigger: { event: 'message.received', pattern: '^echo' },
    steps: [
      { type: 'set', vars: { said: '{{ trigger.message.content | slice: 0, 100 }}' } },
      { type: 'reply', text: 'you said {{ vars.said }}' },
    ],
  },
]

/**
 * Starts a bot with every official plugin on real services: Redis storage, the workflow plugin on
 * its bullmq driver, the antivirus on its built-in engine (and clamd when given), timestamp, and
 * openai without a key (it stays off and says so once). Logs are counted, not kept.
 */
export async function startSoakBot(services: SoakServices): Promise<SoakBot> {
  const adapter = new SoakAdapter()
  const logs: LogTally = { byLevel: {}, last: [] }
  const destination = {
    write(line: string) {
      const level = LEVELS[(JSON.parse(line) as { level: number }).level] ?? 'other'
      logs.byLevel[level] = (logs.byLevel[level] ?? 0) + 1
      if (level === 'warn' || level === 'error' || level === 'fatal') {
        logs.last.push(line.slice(0, 400))
        if (logs.last.length > 20) logs.last.shift()
      }
    },
  }
  const antivirus = services.clamdSocket
    ? { engines: ['builtin', 'clamav'], clamav: { socket: services.clamdSocket }, moderatorChannel: 'mods' }
    : { moderatorChannel: 'mods' }
  const plugins = [
    [AntivirusPlugin, antivirus],
    [TimestampPlugin, { timeZone: 'UTC', format: 'HH:mm:ss' }],
    [OpenAIPlugin, {}],
    [WorkflowPlugin, { driver: 'bullmq', redisUrl: services.redisUrl, workflows: WORKFLOWS }],
  ] as PluginEntry[]
  const bot = createBot({
    adapter,
    plugins,
    storage: services.redisUrl,
    logger: createLogger({ level: 'info', destination }),
    access: { admin: { users: ['u0'] } },
  })
  const runs = { started: 0, completed: 0, failed: 0 }
  bot.events.on('workflow.started', () => {
    runs.started += 1
  })
  bot.events.on('workflow.completed', () => {
    runs.completed += 1
  })
  bot.events.on('workflow.failed', () => {
    runs.failed += 1
  })
  await bot.start()
  return { bot, adapter, logs, runs }
}
