/** The example plugin of a new project: `!hello [name]` answers with a greeting. */
export function examplePlugin(): string {
  return `import { definePlugin, z } from '@banter/core'

/**
 * An example plugin: \`!hello [name]\` greets. Every file in plugins/ is loaded as a plugin
 * (see pluginDirs in banter.config.yaml); rename or copy this one to start your own.
 */
export default definePlugin({
  manifest: {
    name: 'hello',
    version: '0.1.0',
    description: 'Answers !hello with a greeting',
    permissions: ['messages:send'],
  },
  configSchema: z.object({
    /** How the greeting starts. */
    greeting: z.string().min(1).default('Hello'),
  }),
  setup(ctx) {
    ctx.commands.register({
      name: 'hello',
      description: 'Greets you, or the name you give: !hello [name]',
      handler: async ({ raw, message, reply }) => {
        const who = raw.trim() || message.author.name
        await reply(\`\${ctx.config.greeting}, \${who}!\`)
      },
    })
  },
})
`
}

/** The test of the example plugin, on `@banter/core/testing` (no chat platform needed). */
export function exampleTest(): string {
  return `import { createTestBot } from '@banter/core/testing'
import { expect, test } from 'vitest'
import hello from './hello.js'

test('!hello greets the author, or the name given', async () => {
  const bot = await createTestBot({ plugins: [[hello, { greeting: 'Hi' }]] })
  const [toAuthor] = await bot.receive({ content: '!hello', author: { id: '1', name: 'Ada' } })
  expect(toAuthor?.content).toBe('Hi, Ada!')
  const [toName] = await bot.receive('!hello Grace Hopper')
  expect(toName?.content).toBe('Hi, Grace Hopper!')
  await bot.stop()
})
`
}
