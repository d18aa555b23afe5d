import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CORE_VERSION, coreRangeIncludes } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'banter-meta-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

/** Writes node_modules/<name> with a plugin of hook functions; `ran` marks that its code was imported. */
function writePackage(name: string, pkg: Record<string, unknown>, manifest = '{}'): string {
  const folder = join(dir, 'node_modules', name)
  mkdirSync(folder, { recursive: true })
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name, version: '1.2.3', description: 'd', type: 'module', main: 'index.js', ...pkg }),
  )
  writeFileSync(
    join(folder, 'index.js'),
    `globalThis.__ran = (globalThis.__ran ?? []).concat('${name}')
export const manifest = ${manifest}
export function initialize() {}
`,
  )
  return folder
}

describe('plugin package metadata and the core range', () => {
  it('refuses a package whose @banter/core peer range excludes the running core, naming both versions, without running it', async () => {
    writePackage('banter-plugin-future', { peerDependencies: { '@banter/core': '^9.0.0' } })
    bot = await createTestBot({ plugins: ['future'], config: { baseDir: dir } })
    const [info] = bot.plugins.list()
    expect(info?.status).toBe('error')
    expect(info?.error?.code).toBe('CORE_INCOMPATIBLE')
    expect(info?.error?.message).toBe(
      `plugin package "banter-plugin-future" 1.2.3 needs @banter/core ^9.0.0, but this bot runs @banter/core ${CORE_VERSION}`,
    )
    expect((globalThis as { __ran?: string[] }).__ran ?? []).not.toContain('banter-plugin-future')
  })

  it('refuses it loaded as a package folder by path too', async () => {
    const folder = writePackage('old-folder', { peerDependencies: { '@banter/core': '0.0.1' } })
    bot = await createTestBot({ plugins: [folder] })
    expect(bot.plugins.list()[0]?.error?.code).toBe('CORE_INCOMPATIBLE')
  })

  it('fills license, homepage, keywords and category from package.json where the manifest has none', async () => {
    writePackage(
      'banter-plugin-meta',
      {
        license: 'Apache-2.0',
        homepage: 'https://example.com/meta',
        keywords: ['banter-plugin', 'weather'],
        banter: { category: 'utility' },
        peerDependencies: { '@banter/core': `^${CORE_VERSION}` },
      },
      "{ license: 'MIT' }",
    )
    bot = await createTestBot({ plugins: ['meta'], config: { baseDir: dir } })
    expect(bot.plugins.get('meta')).toMatchObject({
      status: 'active',
      license: 'MIT',
      homepage: 'https://example.com/meta',
      keywords: ['banter-plugin', 'weather'],
      category: 'utility',
    })
  })

  it('coreRangeIncludes follows semver', () => {
    expect(coreRangeIncludes(`^${CORE_VERSION}`)).toBe(true)
    expect(coreRangeIncludes('>=99.0.0')).toBe(false)
    expect(coreRangeIncludes('not a range')).toBe(false)
  })
})
