import { type PluginTemplate, pluginSources } from './plugin-sources.js'

/** What the plugin scaffold needs to know. */
export interface PluginTemplateInput {
  /** Short name, kebab-case (`greeter`). */
  readonly name: string
  /** npm package name. */
  readonly packageName: string
  /** Version range of @banter/core to depend on. */
  readonly coreRange: string
  /** Kind of plugin (default `basic`). */
  readonly template?: PluginTemplate
  /**
   * Inside the Banter repository: the package follows its conventions (`@banter/source` condition,
   * `tsconfig.base.json`, project references, root vitest and Biome, a changeset); its folder relative
   * to the repository root is given (`packages/plugin-remind`).
   */
  readonly workspace?: { readonly folder: string } | undefined
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** Version ranges of the tools a standalone plugin package uses. */
const TOOLS = { '@types/node': '^20.19.0', typescript: '~5.9.3', vitest: '^4.1.12' } as const

/** The files of a new plugin package, by relative path. */
export function pluginTemplate(input: PluginTemplateInput): Record<string, string> {
  const { name, packageName, coreRange, workspace } = input
  const Class = `${pascal(name)}Plugin`
  const Options = `${pascal(name)}Options`
  const sources = pluginSources(input.template ?? 'basic', { name, Class, Options })
  const common = {
    name: packageName,
    version: '0.1.0',
    description: `A Banter plugin: ${name}`,
    type: 'module',
    license: 'MIT',
    keywords: ['banter', 'banter-plugin', sources.category],
    banter: { category: sources.category },
    engines: { node: '>=20.19.0' },
  }
  const files: Record<string, string> = workspace
    ? {
        'package.json': json({
          ...common,
          repository: {
            type: 'git',
            url: 'https://github.com/banter-bot/banter.git',
            directory: workspace.folder,
          },
          files: ['dist', '!dist/.tsbuildinfo', 'README.md', 'CHANGELOG.md'],
          sideEffects: false,
          publishConfig: { access: 'public' },
          exports: {
            '.': {
              '@banter/source': './src/index.ts',
              types: './dist/index.d.ts',
              default: './dist/index.js',
            },
            './package.json': './package.json',
          },
          scripts: {
            build: 'tsc -b tsconfig.build.json',
            typecheck: 'tsc -p tsconfig.json --noEmit',
            test: `vitest run --root ../.. --project ${workspace.folder.split('/').at(-1)}`,
            lint: 'biome check .',
          },
          peerDependencies: { '@banter/core': coreRange },
          devDependencies: { '@banter/core': coreRange },
        }),
        'tsconfig.json': json({
          extends: '../../tsconfig.base.json',
          compilerOptions: { noEmit: true, rootDir: '.', declaration: false, declarationMap: false },
          include: ['src', 'test'],
        }),
        'tsconfig.build.json': json({
          extends: '../../tsconfig.base.json',
          compilerOptions: {
            composite: true,
            rootDir: 'src',
            outDir: 'dist',
            tsBuildInfoFile: 'dist/.tsbuildinfo',
          },
          include: ['src'],
          exclude: ['src/**/*.test.ts', 'src/**/*.test-d.ts'],
          references: [{ path: '../core/tsconfig.build.json' }],
        }),
      }
    : {
        'package.json': json({
          ...common,
          exports: {
            '.': { types: './dist/index.d.ts', default: './dist/index.js' },
            './package.json': './package.json',
          },
          files: ['dist', 'README.md', 'CHANGELOG.md'],
          scripts: {
            build: 'tsc -p tsconfig.build.json',
            typecheck: 'tsc -p tsconfig.json',
            test: 'vitest run',
          },
          peerDependencies: { '@banter/core': coreRange },
          devDependencies: { '@banter/core': coreRange, ...TOOLS },
        }),
        'tsconfig.json': json({
          compilerOptions: {
            target: 'ES2023',
            lib: ['ES2023'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            noImplicitOverride: true,
            verbatimModuleSyntax: true,
            skipLibCheck: true,
            noEmit: true,
            types: ['node'],
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
        '.gitignore': 'node_modules\ndist\n*.tgz\n',
      }
  files['src/index.ts'] =
    `export { type ${Options}, ${Class}, ${Class} as default } from './${name}-plugin.js'
`
  files[`src/${name}-plugin.ts`] = sources.source
  files[`src/${name}-plugin.test.ts`] = sources.test
  files['README.md'] = readme(packageName, name, sources.summary, workspace !== undefined)
  return files
}

function readme(packageName: string, name: string, summary: string, workspace: boolean): string {
  return `# ${packageName}

A [Banter](https://github.com/banter-bot/banter) plugin: ${summary}.

## Install

\`\`\`sh
npx banter plugin install ${packageName}
\`\`\`

(or \`npm install ${packageName}\` and add it to \`banter.config.yaml\` yourself)

## Usage

In \`banter.config.yaml\`:

\`\`\`yaml
plugins:
  ${packageName}: {}
\`\`\`

## Options

See the \`options\` schema in \`src/${name}-plugin.ts\`: each option has a default.

## Events

None.

## Development

\`\`\`sh
${
  workspace
    ? `npm test -- --project ${name.startsWith('plugin-') ? name : `plugin-${name}`}   # from the repository root
npm run build`
    : `npm test            # vitest with @banter/core/testing
npm run build       # dist/
npx banter plugin pack      # checks, then the tarball
npx banter plugin publish   # checks, then npm publish`
}
\`\`\`
`
}
