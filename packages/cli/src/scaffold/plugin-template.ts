/** What the plugin scaffold needs to know. */
export interface PluginTemplateInput {
  /** Short name, kebab-case (`greeter`). */
  readonly name: string
  /** npm package name. */
  readonly packageName: string
  /** Version range of @banter/core to depend on. */
  readonly coreRange: string
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

/** The files of a new plugin package, by relative path. */
export function pluginTemplate(input: PluginTemplateInput): Record<string, string> {
  const { name, packageName, coreRange } = input
  const Class = `${pascal(name)}Plugin`
  const Options = `${pascal(name)}Options`
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
  return {
    'package.json': json({
      name: packageName,
      version: '0.1.0',
      description: `A Banter plugin: ${name}`,
      type: 'module',
      keywords: ['banter', 'banter-plugin'],
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './package.json': './package.json',
      },
      files: ['dist', 'README.md'],
      engines: { node: '>=20.19.0' },
      scripts: { build: 'tsc -p tsconfig.build.json', typecheck: 'tsc -p tsconfig.json', test: 'vitest run' },
      peerDependencies: { '@banter/core': coreRange },
      devDependencies: { '@banter/core': coreRange, typescript: '~5.9.3', vitest: '^4.1.12' },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noImplicitOverride: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
      },
      include: ['src'],
    }),
    'tsconfig.build.json': json({
      extends: './tsconfig.json',
      compilerOptions: { noEmit: false, outDir: 'dist', rootDir: 'src', declaration: true },
      exclude: ['src/**/*.test.ts'],
    }),
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['src/**/*.test.ts'] } })
`,
    'src/index.ts': `export { ${Class}, type ${Options} } from './${name}-plugin.js'
export { ${Class} as default } from './${name}-plugin.js'
`,
    [`src/${name}-plugin.ts`]: `import { BasePlugin, type PluginContext, type PluginManifest, z } from '@banter/core'

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
    [`src/${name}-plugin.test.ts`]: `import { createTestBot } from '@banter/core/testing'
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
    'README.md': `# ${packageName}

A [Banter](https://github.com/banter-bot/banter) plugin: answers \`!${name}\`.

## Install

\`\`\`sh
npm install ${packageName}
\`\`\`

## Usage

In \`banter.config.yaml\`:

\`\`\`yaml
plugins:
  ${packageName}:
    reply: Hello!
\`\`\`

## Options

| option | default | what |
| --- | --- | --- |
| \`reply\` | \`Hello from ${name}!\` | what \`!${name}\` answers |

## Commands

- \`!${name}\`: answers with the configured reply.

## Events

None.

## Development

\`\`\`sh
npm test        # vitest with @banter/core/testing
npm run build   # dist/
\`\`\`
`,
  }
}
