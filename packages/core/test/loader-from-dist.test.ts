import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// When core runs from its built JavaScript (as installed from npm), `.ts` plugin files load through
// tsx. Tests run core from source, where the test runner imports `.ts` itself; this suite compiles
// core's sources to JavaScript (transpile only, no type check: the typecheck step does that) in a
// temporary folder and runs a bot from there in a plain `node` process.
const src = join(import.meta.dirname, '../src')
const work = mkdtempSync(join(import.meta.dirname, '.tmp-dist-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function transpile(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name)
    if (entry.isDirectory()) transpile(source, join(to, entry.name))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
        fileName: source,
      })
      mkdirSync(to, { recursive: true })
      writeFileSync(join(to, entry.name.replace(/\.ts$/, '.js')), outputText)
    }
  }
}

const files: Record<string, string> = {
  // A module of hook functions with TypeScript-only syntax.
  'plugins/shout.ts': [
    'interface Message { readonly content: string }',
    "export const manifest = { permissions: ['messages:transform'] as string[] }",
    'export function onMessageSent<M extends Message>(message: M): M {',
    '  return { ...message, content: message.content.toUpperCase() }',
    '}',
  ].join('\n'),
  // A folder that is one plugin, through its index.ts, with a helper module beside it.
  'plugins/dice/index.ts': [
    "import { roll } from './roll.js'",
    "export const manifest = { permissions: ['messages:send'] }",
    'export function initialize(ctx: any): void {',
    "  ctx.commands.register({ name: 'roll', description: 'rolls', handler: ({ reply }: any) => reply(`rolled ${roll()}`) })",
    '}',
  ].join('\n'),
  'plugins/dice/roll.ts': 'export const roll = (): number => 4\n',
  // An object plugin in a .ts file, built with the definePlugin of this (compiled) core.
  'plugins/greeter.ts': [
    "import { definePlugin } from '../core/index.js'",
    'export default definePlugin({',
    "  manifest: { name: 'greeter', version: '1.0.0', description: 'greets', permissions: ['messages:send'] },",
    '  setup(ctx) {',
    "    ctx.commands.register({ name: 'hello', description: 'hello', handler: ({ reply }) => reply('hello').then(() => {}) })",
    '  },',
    '})',
  ].join('\n'),
  'plugins/readme.md': 'not a plugin\n',
  'run.mjs': [
    "import { loadPluginModule } from './core/index.js'",
    "import { createTestBot } from './core/testing/index.js'",
    "const loaded = await loadPluginModule('./plugins', process.cwd())",
    "const bot = await createTestBot({ plugins: ['./plugins'], config: { baseDir: process.cwd() } })",
    "const replies = [(await bot.receive('!roll'))[0]?.content, (await bot.receive('!hello'))[0]?.content]",
    'const plugins = bot.plugins.list().map((p) => [p.name, p.status])',
    'const skipped = loaded.skipped.map((s) => s.reason)',
    'await bot.stop()',
    'process.stdout.write(JSON.stringify({ plugins, replies, skipped }))',
  ].join('\n'),
}

describe('loading .ts plugins when core runs from JavaScript', () => {
  beforeAll(() => {
    transpile(src, join(work, 'core'))
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(work, file)), { recursive: true })
      writeFileSync(join(work, file), text)
    }
  })

  it('loads a function module, an index.ts folder and a definePlugin object through tsx', () => {
    const out = execFileSync('node', ['run.mjs'], { cwd: work, encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({
      plugins: [
        ['dice', 'active'],
        ['greeter', 'active'],
        ['shout', 'active'],
      ],
      replies: ['ROLLED 4', 'HELLO'],
      skipped: ['not a code file (plugins are .js, .mjs, .cjs, .ts, .mts or .cts files)'],
    })
  })
})
