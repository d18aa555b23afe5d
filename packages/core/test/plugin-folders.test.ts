import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadPluginModule } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'

const fixtures = join(import.meta.dirname, 'fixtures')
const shapes = join(fixtures, 'shapes')
let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('folders that are one plugin', () => {
  it('loads a package folder through its package.json, named after the package', async () => {
    bot = await createTestBot({ plugins: ['./shapes/weather'], config: { baseDir: fixtures } })
    expect(bot.plugins.get('weather')).toMatchObject({
      status: 'active',
      version: '2.1.0',
      description: 'says the weather',
    })
    expect((await bot.receive('!weather'))[0]?.content).toBe('sunny')
  })

  it('loads a folder through its index.ts, named after the folder', async () => {
    bot = await createTestBot({ plugins: ['./shapes/dice'], config: { baseDir: fixtures } })
    expect(bot.plugins.list().map((p) => [p.name, p.status])).toEqual([['dice', 'active']])
    expect((await bot.receive('!roll'))[0]?.content).toBe('rolled 4')
  })
})

describe('a plugin folder', () => {
  it('loads every plugin in it, whatever its shape, and the bad ones do not stop the others', async () => {
    bot = await createTestBot({ plugins: ['./shapes'], config: { baseDir: fixtures } })
    // Modules that failed are listed in error under their path; skipped entries are logged at warn.
    expect(bot.plugins.list().map((p) => [p.name.replace(`${shapes}/`, ''), p.status])).toEqual([
      ['broken.js', 'error'],
      ['needs-read.js', 'error'],
      ['censor', 'active'],
      ['counter', 'active'],
      ['dice', 'active'],
      ['greeter-object', 'active'],
      ['plain-object', 'active'],
      ['weather', 'active'],
    ])
    expect(bot.plugins.get(`${shapes}/needs-read.js`)?.error?.code).toBe('MANIFEST_INVALID')
    const warned = bot.logs.filter((l) => l.level === 40).map((l) => String(l.msg))
    expect(warned).toContainEqual(expect.stringMatching(/^skipped .*counter\.spec\.ts: a test file/))
    expect((await bot.receive('!roll'))[0]?.content).toBe('rolled 4')
    expect((await bot.receive('!weather'))[0]?.content).toBe('sunny')
    expect((await bot.receive({ content: '!greet', author: { name: 'Linus' } }))[0]?.content).toBe(
      'Hello, Linus',
    )
  })

  it('reports every entry it skips with the reason, and every module that failed with its error', async () => {
    const loaded = await loadPluginModule('./shapes', fixtures)
    expect(loaded.classes.map((cls) => cls.manifest.name)).toEqual([
      'censor',
      'counter',
      'dice',
      'greeter-object',
      'plain-object',
      'weather',
    ])
    expect(loaded.skipped.map((entry) => [entry.path.slice(shapes.length + 1), entry.reason])).toEqual([
      [
        'assets',
        'a folder without package.json or an index file (index.ts, index.mts, index.js, index.mjs, index.cts, index.cjs)',
      ],
      [
        'constants.js',
        'exports no plugin: no plugin class, no definePlugin() object and no hook function (initialize, onMessageReceived, onMessageSent, run)',
      ],
      ['counter.spec.ts', 'a test file (*.test.* and *.spec.* files are never loaded as plugins)'],
      ['notes.md', 'not a code file (plugins are .js, .mjs, .cjs, .ts, .mts or .cts files)'],
      ['types.d.ts', 'a type declaration file'],
    ])
    expect(loaded.failed.map((entry) => [entry.path.slice(shapes.length + 1), entry.error.code])).toEqual([
      ['broken.js', 'PLUGIN_EXPORTS_INVALID'],
      ['needs-read.js', 'MANIFEST_INVALID'],
    ])
    expect(loaded.failed[0]?.error.summary).toBe(
      `${join(shapes, 'broken.js')} failed while loading: broken on purpose`,
    )
  })

  it('throws, naming each entry and why, when it holds no plugin at all', async () => {
    const dir = mkdtempSync(join(import.meta.dirname, '.tmp-empty-'))
    try {
      writeFileSync(join(dir, 'readme.txt'), 'hello')
      writeFileSync(join(dir, 'broken.js'), "throw new Error('nope')")
      const error = await loadPluginModule(dir, fixtures).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'PLUGIN_EXPORTS_INVALID' })
      expect((error as Error).message).toContain(
        `no plugin in the folder ${dir}:\n  readme.txt: not a code file (plugins are .js, .mjs, .cjs, .ts, .mts or .cts files)\n  broken.js: ${join(dir, 'broken.js')} failed while loading: nope`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads a package folder without "exports" by its "main", and names a missing entry', async () => {
    const dir = mkdtempSync(join(import.meta.dirname, '.tmp-pkg-'))
    try {
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: '@me/plugin-unbuilt', main: 'dist/index.js' }),
      )
      const error = await loadPluginModule(dir, fixtures).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'PLUGIN_NOT_FOUND' })
      expect((error as Error).message).toContain(
        `the package at ${dir} has no entry: its "main" (dist/index.js) does not exist`,
      )
      writeFileSync(join(dir, 'package.json'), '{ not json')
      await expect(loadPluginModule(dir, fixtures)).rejects.toMatchObject({ code: 'PLUGIN_EXPORTS_INVALID' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
