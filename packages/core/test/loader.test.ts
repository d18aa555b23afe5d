import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packageCandidates } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'

const fixtures = join(import.meta.dirname, 'fixtures')
let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('loading plugins by specifier', () => {
  it('loads a .ts file, a .js file and a folder, relative to baseDir', async () => {
    bot = await createTestBot({
      plugins: ['./ts-plugin.ts', './js-plugin.js', './folder'],
      config: { baseDir: fixtures },
    })
    expect(bot.plugins.list().map((p) => [p.name, p.status])).toEqual([
      ['ts-plugin', 'active'],
      ['js-plugin', 'active'],
      ['one', 'active'],
      ['two', 'active'],
    ])
    expect((await bot.receive('!ts'))[0]?.content).toBe('from a .ts file')
    expect((await bot.receive('!js'))[0]?.content).toBe('from a .js file')
  })

  it('loads an npm package by name or by short name', async () => {
    bot = await createTestBot()
    const [byName] = await bot.plugins.load('@banter/plugin-timestamp')
    expect(byName).toMatchObject({ name: 'timestamp', status: 'active', source: '@banter/plugin-timestamp' })
    await bot.plugins.unload('timestamp')
    const [byShort] = await bot.plugins.load('timestamp', { format: 'HH:mm' })
    expect(byShort?.source).toBe('@banter/plugin-timestamp')
    expect((await bot.receive('!ping'))[0]?.content).toBe('[09:30] pong')
    expect(packageCandidates('timestamp')).toEqual([
      '@banter/plugin-timestamp',
      'banter-plugin-timestamp',
      'timestamp',
    ])
  })

  it('says what is wrong with a bad specifier and keeps the bot running', async () => {
    bot = await createTestBot({
      plugins: ['./nowhere.ts', 'no-such-plugin-xyz', './broken'],
      config: { baseDir: fixtures },
    })
    const list = bot.plugins.list()
    expect(list.map((p) => [p.name, p.status, p.error?.code])).toEqual([
      ['./nowhere.ts', 'error', 'PLUGIN_NOT_FOUND'],
      ['no-such-plugin-xyz', 'error', 'PLUGIN_NOT_FOUND'],
      ['./broken', 'error', 'PLUGIN_EXPORTS_INVALID'],
    ])
    expect(list[1]?.error?.message).toBe(
      `no plugin "no-such-plugin-xyz": tried the packages "@banter/plugin-no-such-plugin-xyz", "banter-plugin-no-such-plugin-xyz", "no-such-plugin-xyz" from ${fixtures}`,
    )
    expect((await bot.receive('!ping'))[0]?.content).toBe('pong')
  })

  it('reload re-reads a plugin file from disk', async () => {
    const dir = mkdtempSync(join(import.meta.dirname, '.tmp-reload-'))
    try {
      const file = join(dir, 'hot.js')
      const source = readFileSync(join(fixtures, 'js-plugin.js'), 'utf8')
      writeFileSync(file, source)
      bot = await createTestBot({ plugins: [file] })
      expect((await bot.receive('!js'))[0]?.content).toBe('from a .js file')
      writeFileSync(file, source.replace("'from a .js file'", "'edited on disk'"))
      await bot.plugins.reload('js-plugin')
      expect((await bot.receive('!js'))[0]?.content).toBe('edited on disk')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('two folders cannot load two plugins of the same name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banter-dup-'))
    try {
      cpSync(join(fixtures, 'js-plugin.js'), join(dir, 'copy.js'))
      bot = await createTestBot({ plugins: [join(fixtures, 'js-plugin.js')] })
      await expect(bot.plugins.load(join(dir, 'copy.js'))).rejects.toMatchObject({
        code: 'PLUGIN_ALREADY_LOADED',
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
