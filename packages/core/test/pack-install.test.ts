import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Installs @banter/core and @banter/plugin-timestamp the way users will: from `npm pack` tarballs,
// into an empty folder outside the repository. Catches wrong `exports`, missing `files` and
// undeclared dependencies that workspace links hide.
const root = join(import.meta.dirname, '../../..')
const work = mkdtempSync(join(tmpdir(), 'banter-pack-'))
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  })

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('installing from npm pack tarballs', () => {
  const tarballs: string[] = []

  beforeAll(() => {
    run('npx', ['tsc', '-b', 'packages/plugin-timestamp/tsconfig.build.json'], root)
    for (const pkg of ['core', 'plugin-timestamp']) {
      const out = run('npm', ['pack', '--json', '--pack-destination', work], join(root, 'packages', pkg))
      tarballs.push(join(work, (JSON.parse(out) as { filename: string }[])[0]?.filename as string))
    }
    const app = join(work, 'app')
    run('mkdir', ['-p', app], work)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], app)
  }, 180_000)

  it('ships only built files', () => {
    const listing = run('tar', ['-tzf', tarballs[0] as string], work)
    expect(listing).toContain('package/dist/index.js')
    expect(listing).toContain('package/dist/testing/index.js')
    expect(listing).toContain('package/README.md')
    expect(listing).not.toContain('package/src/')
    expect(listing).not.toContain('.test.')
  })

  it('runs a bot that loads the plugin by package name and answers !ping stamped', () => {
    const app = join(work, 'app')
    writeFileSync(
      join(app, 'bot.mjs'),
      [
        "import { createTestBot } from '@banter/core/testing'",
        "const bot = await createTestBot({ plugins: ['@banter/plugin-timestamp'], config: { baseDir: process.cwd() } })",
        "const [reply] = await bot.receive('!ping')",
        "console.log(JSON.stringify({ reply: reply?.content, plugin: bot.plugins.get('timestamp') }))",
        'await bot.stop()',
      ].join('\n'),
    )
    const out = JSON.parse(run('node', ['bot.mjs'], app).trim().split('\n').pop() as string)
    expect(out.reply).toBe('[2026-11-22 09:30:00] pong')
    expect(out.plugin).toMatchObject({
      name: 'timestamp',
      status: 'active',
      source: '@banter/plugin-timestamp',
    })
  })

  it('types resolve for a TypeScript consumer', () => {
    const app = join(work, 'app')
    writeFileSync(
      join(app, 'check.ts'),
      [
        "import { BasePlugin, type PluginManifest } from '@banter/core'",
        "import { createTestBot } from '@banter/core/testing'",
        "import TimestampPlugin, { type TimestampOptions } from '@banter/plugin-timestamp'",
        "const options: TimestampOptions = { timeZone: 'UTC' }",
        'export class Mine extends BasePlugin {',
        "  static manifest = { name: 'mine', version: '1.0.0', description: 'd', permissions: [] } satisfies PluginManifest",
        '}',
        'void createTestBot({ plugins: [[TimestampPlugin, options], Mine] })',
      ].join('\n'),
    )
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          target: 'ES2023',
        },
        files: ['check.ts'],
      }),
    )
    expect(() => run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app)).not.toThrow()
  })
})
