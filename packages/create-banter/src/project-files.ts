import { examplePlugin, exampleTest } from './example-plugin.js'
import { officialPlugin } from './official-plugins.js'
import type { ProjectOptions } from './project-options.js'
import { projectReadme } from './project-readme.js'

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** The version ranges of the tools a new project uses for its own plugins. */
export const TOOL_VERSIONS = {
  '@types/node': '^20.19.0',
  typescript: '~5.9.3',
  vitest: '^4.1.12',
} as const

/**
 * The files of a new bot project, by relative path: package.json, banter.config.yaml, .env.example,
 * plugins/ with an example plugin and its test, tsconfig.json, vitest.config.ts, .gitignore and README.md.
 * `versions` gives the range of each `@banter/*` package (see `banterVersions`).
 */
export function projectFiles(
  options: ProjectOptions,
  versions: Readonly<Record<string, string>>,
): Record<string, string> {
  const range = (name: string) => {
    const found = versions[name]
    if (found === undefined) throw new Error(`create-banter knows no version of ${name}`)
    return found
  }
  const plugins = options.plugins.map((key) => officialPlugin(key)).filter((p) => p !== undefined)
  const dependencies: Record<string, string> = {
    '@banter/cli': range('@banter/cli'),
    '@banter/core': range('@banter/core'),
  }
  for (const plugin of plugins) dependencies[plugin.packageName] = range(plugin.packageName)
  const discord = options.platform === 'discord'
  const env = [
    '# Copy to .env and fill in: banter.config.yaml reads these variables from it.',
    ...(discord ? ['DISCORD_TOKEN='] : []),
    'BANTER_ADMIN_TOKEN=',
    ...plugins.flatMap((plugin) => plugin.env),
  ]
  return {
    'package.json': json({
      name: options.name,
      version: '0.1.0',
      private: true,
      type: 'module',
      engines: { node: '>=20.19.0' },
      scripts: {
        start: 'banter start',
        check: 'banter config check',
        test: 'vitest run',
        typecheck: 'tsc --noEmit',
      },
      dependencies: Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))),
      devDependencies: TOOL_VERSIONS,
    }),
    'banter.config.yaml': `# The bot \`npm start\` runs. \`npx banter config check\` says what is wrong and where.
# \${VAR} and \${VAR:-default} come from the environment or from .env next to this file.

adapter: ${discord ? 'discord' : 'console'}
prefix: "!"
${
  discord
    ? `
discord:
  token: \${DISCORD_TOKEN}
`
    : ''
}
# memory | sqlite:<path> | redis://host:port
storage: memory

http:
  host: 127.0.0.1
  port: 0                               # 0 picks a free port; the log says which
  adminToken: \${BANTER_ADMIN_TOKEN:-}  # set it to turn the admin API (/api/plugins) on

# Who may run moderator commands. The console user is admin.
access:
  admin:
    users: [console]

# Your own plugins: every file in plugins/ (tests are skipped).
pluginDirs: [./plugins]

# Plugins from npm: \`npx banter plugin install <name>\` adds them here.
plugins:
${plugins.length === 0 ? '  {}\n' : plugins.map((plugin) => plugin.config).join('\n')}`,
    '.env.example': `${env.join('\n')}\n`,
    '.gitignore': 'node_modules\n.env\n.banter\n',
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['plugins'],
    }),
    'vitest.config.ts': `import { defineConfig } from 'vitest/config'

// The tests of your plugins: plugins/**/*.test.ts.
export default defineConfig({ test: { include: ['plugins/**/*.test.ts'] } })
`,
    'plugins/hello.ts': examplePlugin(),
    'plugins/hello.test.ts': exampleTest(),
    'README.md': projectReadme(options, plugins),
  }
}
