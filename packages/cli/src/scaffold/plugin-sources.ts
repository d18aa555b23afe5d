/** The kinds of plugin `banter plugin create --template` writes. */
export const PLUGIN_TEMPLATES = ['basic', 'ai-provider', 'security', 'automation'] as const

/** A kind of plugin of {@link PLUGIN_TEMPLATES}. */
export type PluginTemplate = (typeof PLUGIN_TEMPLATES)[number]

/** Names a template's sources use. */
export interface SourceNames {
  /** Short name, kebab-case (`greeter`). */
  readonly name: string
  /** Class name (`GreeterPlugin`). */
  readonly Class: string
  /** Options type name (`GreeterOptions`). */
  readonly Options: string
}

/** The source and the test of a plugin of a template. */
export interface PluginSources {
  readonly source: string
  readonly test: string
  /** One line for the README. */
  readonly summary: string
  /** The marketplace category (`banter.category` in package.json). */
  readonly category: string
}

/** The plugin class and its test for a template. */
export function pluginSources(template: PluginTemplate, names: SourceNames): PluginSources {
  switch (template) {
    case 'ai-provider':
      return aiProvider(names)
    case 'security':
      return security(names)
    case 'automation':
      return automation(names)
    default:
      return basic(names)
  }
}

function basic({ name, Class, Options }: SourceNames): PluginSources {
  return {
    summary: `answers \`!${name}\``,
    category: 'utility',
    source: `import { BasePlugin, type PluginContext, type PluginManifest, z } from '@banter/core'

const options = z.object({
  /** What the command answers. */
  reply: z.string().min(1).default('Hello from ${name}!'),
})

/** Options of the ${name} plugin. */
export type ${Options} = z.output<typeof options>

/** The ${name} plugin. */
export class ${Class} extends BasePlugin<${Options}> {
  static manifest = {
    name: '${name}',
    version: '0.1.0',
    description: 'Answers !${name}',
    permissions: ['messages:send'],
  } satisfies PluginManifest

  static configSchema = options

  override initialize(ctx: PluginContext<${Options}>) {
    ctx.commands.register({
      name: '${name}',
      description: 'Answers with the configured reply',
      handler: async ({ reply }) => {
        await reply(ctx.config.reply)
      },
    })
  }
}
`,
    test: `import { createTestBot } from '@banter/core/testing'
import { expect, test } from 'vitest'
import { ${Class} } from './${name}-plugin.js'

test('answers !${name} with the configured reply', async () => {
  const bot = await createTestBot({ plugins: [[${Class}, { reply: 'configured' }]] })
  const [reply] = await bot.receive('!${name}')
  expect(reply?.content).toBe('configured')
  await bot.stop()
})

test('refuses an empty reply option', async () => {
  const bot = await createTestBot({ plugins: [[${Class}, { reply: '' }]] })
  expect(bot.plugins.get('${name}')?.error?.code).toBe('CONFIG_INVALID')
  await bot.stop()
})
`,
  }
}

function aiProvider({ name, Class, Options }: SourceNames): PluginSources {
  return {
    summary: 'provides the `ai` service other plugins use (replace the echo with a real model)',
    category: 'ai',
    source: `import {
  type AIGenerateOptions,
  type AIMessage,
  AIProviderPlugin,
  type AIResult,
  type PluginContext,
  type PluginManifest,
  z,
} from '@banter/core'

const options = z.object({
  /** The model name reported with each answer. */
  model: z.string().min(1).default('${name}-echo'),
})

/** Options of the ${name} AI provider. */
export type ${Options} = z.output<typeof options>

const text = (input: string | readonly AIMessage[]) =>
  typeof input === 'string' ? input : (input.at(-1)?.content ?? '')

/**
 * The ${name} AI provider: other plugins reach it as the \`ai\` service. It echoes the prompt;
 * call your model's API in \`generate\` and \`stream\` (and declare the \`network\` permission).
 */
export class ${Class} extends AIProviderPlugin<${Options}> {
  static manifest = {
    name: '${name}',
    version: '0.1.0',
    description: 'An AI provider',
    permissions: [],
    provides: ['ai'],
  } satisfies PluginManifest

  static configSchema = options

  #model = ''

  override initialize(ctx: PluginContext<${Options}>) {
    this.#model = ctx.config.model
    super.initialize(ctx)
  }

  async generate(input: string | readonly AIMessage[], _options?: AIGenerateOptions): Promise<AIResult> {
    return { text: \`echo: \${text(input)}\`, finishReason: 'stop', model: this.#model }
  }

  async *stream(input: string | readonly AIMessage[], _options?: AIGenerateOptions): AsyncIterable<string> {
    yield 'echo: '
    yield text(input)
  }
}
`,
    test: `import { createTestBot } from '@banter/core/testing'
import { expect, test } from 'vitest'
import { ${Class} } from './${name}-plugin.js'

test('answers through generate and stream', async () => {
  const plugin = new ${Class}()
  const bot = await createTestBot({ plugins: [[${Class}, { model: 'm' }]] })
  expect(bot.plugins.get('${name}')?.status).toBe('active')
  expect((await plugin.generate('hi')).text).toBe('echo: hi')
  let streamed = ''
  for await (const chunk of plugin.stream([{ role: 'user', content: 'there' }])) streamed += chunk
  expect(streamed).toBe('echo: there')
  await bot.stop()
})
`,
  }
}

function security({ name, Class, Options }: SourceNames): PluginSources {
  return {
    summary: 'stops messages that contain a blocked word, before any other plugin sees them',
    category: 'moderation',
    source: `import {
  type ChatMessage,
  type FileInput,
  type PluginContext,
  type PluginManifest,
  SECURITY_PRIORITY,
  STOP,
  type ScanResult,
  SecurityPlugin,
  z,
} from '@banter/core'

const options = z.object({
  /** Words that make a message unsafe (case-insensitive). */
  blocked: z.array(z.string().min(1)).default(['badword']),
})

/** Options of the ${name} security plugin. */
export type ${Options} = z.output<typeof options>

/** The ${name} security plugin: provides the \`scanner\` service and stops unsafe messages first. */
export class ${Class} extends SecurityPlugin<${Options}> {
  static manifest = {
    name: '${name}',
    version: '0.1.0',
    description: 'Stops messages with blocked words',
    permissions: ['messages:read', 'messages:transform'],
    provides: ['scanner'],
    priority: SECURITY_PRIORITY,
    failClosed: true,
  } satisfies PluginManifest

  static configSchema = options

  #blocked: string[] = []

  override initialize(ctx: PluginContext<${Options}>) {
    this.#blocked = ctx.config.blocked.map((word) => word.toLowerCase())
    super.initialize(ctx)
  }

  override async onMessageReceived(message: ChatMessage) {
    const result = await this.scanMessage(message.content)
    return result.safe ? undefined : STOP
  }

  async scanMessage(text: string): Promise<ScanResult> {
    const lower = text.toLowerCase()
    const threats = this.#blocked
      .filter((word) => lower.includes(word))
      .map((word) => ({ name: \`blocked:\${word}\`, engine: '${name}' }))
    const safe = threats.length === 0
    return { safe, verdict: safe ? 'clean' : 'infected', threats, scanTimeMs: 0 }
  }

  async scanFile(_input: FileInput): Promise<ScanResult> {
    return { safe: true, verdict: 'clean', threats: [], scanTimeMs: 0 }
  }
}
`,
    test: `import { createTestBot } from '@banter/core/testing'
import { expect, test } from 'vitest'
import { ${Class} } from './${name}-plugin.js'

test('stops a message with a blocked word before any command runs', async () => {
  const bot = await createTestBot({ plugins: [[${Class}, { blocked: ['spam'] }]] })
  expect((await bot.receive('!ping'))[0]?.content).toBe('pong')
  expect(await bot.receive('!ping SPAM')).toEqual([])
  await bot.stop()
})
`,
  }
}

function automation({ name, Class, Options }: SourceNames): PluginSources {
  return {
    summary: `runs named workflows (\`!${name} <id>\`)`,
    category: 'automation',
    source: `import {
  AutomationPlugin,
  type PluginContext,
  type PluginManifest,
  type RunHandle,
  type WorkflowSummary,
  z,
} from '@banter/core'

const options = z.object({
  /** Workflows by id, each with the text it replies. */
  workflows: z.record(z.string(), z.string()).default({ hello: 'Hello from a workflow!' }),
})

/** Options of the ${name} automation plugin. */
export type ${Options} = z.output<typeof options>

/** The ${name} automation plugin: \`!${name} <id>\` runs a workflow. */
export class ${Class} extends AutomationPlugin<${Options}> {
  static manifest = {
    name: '${name}',
    version: '0.1.0',
    description: 'Runs named workflows',
    permissions: ['messages:send'],
  } satisfies PluginManifest

  static configSchema = options

  #workflows: Record<string, string> = {}
  #runs = 0

  override initialize(ctx: PluginContext<${Options}>) {
    this.#workflows = ctx.config.workflows
    ctx.commands.register({
      name: '${name}',
      description: 'Runs a workflow: !${name} <id>',
      handler: async ({ raw, reply }) => {
        const id = raw.trim()
        const text = this.#workflows[id]
        if (text === undefined) {
          await reply(\`no workflow "\${id}" (known: \${Object.keys(this.#workflows).join(', ')})\`)
          return
        }
        const run = await this.executeWorkflow(id)
        await reply(\`\${text} (run \${run.runId})\`)
      },
    })
  }

  listWorkflows(): readonly WorkflowSummary[] {
    return Object.keys(this.#workflows).map((id) => ({ id, trigger: 'command', source: 'config' }))
  }

  async executeWorkflow(id: string): Promise<RunHandle> {
    this.#runs += 1
    return { runId: \`\${id}-\${this.#runs}\`, workflowId: id }
  }
}
`,
    test: `import { createTestBot } from '@banter/core/testing'
import { expect, test } from 'vitest'
import { ${Class} } from './${name}-plugin.js'

test('!${name} <id> runs the workflow, and says which exist', async () => {
  const bot = await createTestBot({ plugins: [[${Class}, { workflows: { greet: 'Hi!' } }]] })
  expect((await bot.receive('!${name} greet'))[0]?.content).toBe('Hi! (run greet-1)')
  expect((await bot.receive('!${name} nope'))[0]?.content).toBe('no workflow "nope" (known: greet)')
  await bot.stop()
})
`,
  }
}
