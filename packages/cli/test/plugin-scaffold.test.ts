import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { CORE_VERSION } from '@banter/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPluginCreate } from '../src/cli/plugin-create.js'
import { runPluginValidate } from '../src/cli/plugin-validate.js'
import { checkPluginPackage } from '../src/npm/pack-checks.js'
import { recordingIo } from './helpers.js'

const root = join(import.meta.dirname, '../../..')
// Inside the repository, so the generated package resolves @banter/core the way an installed one
// would: through node_modules, to the built dist/ (plain conditions, no source condition).
const parent = mkdtempSync(join(import.meta.dirname, '.tmp-scaffold-'))
afterAll(() => rmSync(parent, { recursive: true, force: true }))

const sh = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  })

describe('banter plugin create', () => {
  const folder = join(parent, 'plugin-weather')

  beforeAll(() => {
    sh('npx', ['tsc', '-b', 'packages/core/tsconfig.build.json'], root)
  }, 120_000)

  it('writes a package with source, a test, a README and the banter-plugin keyword', () => {
    const io = recordingIo()
    expect(runPluginCreate('weather', io, { dir: parent })).toBe(0)
    for (const file of [
      'package.json',
      'src/index.ts',
      'src/weather-plugin.ts',
      'src/weather-plugin.test.ts',
      'README.md',
      'tsconfig.json',
    ]) {
      expect(existsSync(join(folder, file)), file).toBe(true)
    }
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name: string
      keywords: string[]
      peerDependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(pkg.name).toBe('banter-plugin-weather')
    expect(pkg.keywords).toContain('banter-plugin')
    expect(pkg.peerDependencies['@banter/core']).toBe(`^${CORE_VERSION}`)
    expect(pkg.devDependencies['@types/node']).toBeDefined()
    expect(io.out_.at(-1)).toContain('npm install && npm test')
  })

  it('the generated package builds and passes its own test at once', () => {
    sh(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], folder)
    expect(existsSync(join(folder, 'dist/index.js'))).toBe(true)
    const out = sh(join(root, 'node_modules/.bin/vitest'), ['run', '--root', folder], folder)
    expect(out).toMatch(/2 passed/)
  }, 120_000)

  it('passes the pack checks once built, and they catch test files and secrets', async () => {
    const good = await checkPluginPackage(folder)
    expect(good.problems).toEqual([])
    expect(good.files).toContain('dist/index.d.ts')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(folder, 'dist/leak.js'), "export const key = 'sk-abcdefghijklmnopqrstuvwxyz123456'\n")
    writeFileSync(join(folder, 'dist/weather-plugin.test.js'), '\n')
    const bad = await checkPluginPackage(folder)
    expect(bad.problems).toEqual([
      'test files in the tarball: dist/weather-plugin.test.js: exclude them in "files" (e.g. "!dist/**/*.test.*")',
      'secrets in the tarball: dist/leak.js: remove them (and rotate what leaked)',
    ])
    rmSync(join(folder, 'dist/leak.js'))
    rmSync(join(folder, 'dist/weather-plugin.test.js'))
  }, 60_000)

  it('banter plugin validate accepts it', async () => {
    const io = recordingIo()
    expect(await runPluginValidate(join(folder, 'src/weather-plugin.ts'), io)).toBe(0)
    expect(io.out_).toContain('✓ weather: starts on a test bot')
    expect(io.out_.at(-1)).toBe('\nAll checks passed.')
  })

  it('refuses a bad name and an existing folder', () => {
    const io = recordingIo()
    expect(runPluginCreate('Bad Name', io, { dir: parent })).toBe(1)
    expect(runPluginCreate('weather', io, { dir: parent })).toBe(1)
    expect(io.err_[0]).toContain('is not a plugin name')
    expect(io.err_[1]).toContain('already exists')
  })
})

describe('banter plugin create --template', () => {
  for (const template of ['ai-provider', 'security', 'automation'] as const) {
    it(`${template}: validates and passes its own test`, async () => {
      const name = `t-${template}`
      expect(runPluginCreate(name, recordingIo(), { dir: parent, template })).toBe(0)
      const dir = join(parent, `plugin-${name}`)
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        banter: { category: string }
      }
      expect(pkg.banter.category).toBe(
        { 'ai-provider': 'ai', security: 'moderation', automation: 'automation' }[template],
      )
      const io = recordingIo()
      expect(await runPluginValidate(join(dir, `src/${name}-plugin.ts`), io), io.text()).toBe(0)
      const out = sh(join(root, 'node_modules/.bin/vitest'), ['run', '--root', dir], dir)
      expect(out).toMatch(/1 passed/)
    }, 120_000)
  }

  it('refuses an unknown template', () => {
    const io = recordingIo()
    expect(runPluginCreate('x', io, { dir: parent, template: 'fancy' })).toBe(1)
    expect(io.err_[0]).toBe(
      '--template must be one of basic, ai-provider, security, automation, not "fancy".',
    )
  })
})

describe('banter plugin validate', () => {
  it('says what is wrong with a broken plugin', async () => {
    const dir = mkdtempSync(join(parent, 'broken-'))
    const file = join(dir, 'broken.js')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(
      file,
      "export default class Broken { static manifest = { name: 'Broken Name', version: 'one', description: '', permissions: ['fly'] }; initialize() {} }\n",
    )
    const io = recordingIo()
    expect(await runPluginValidate(file, io)).toBe(1)
    const text = io.err_.join('\n')
    expect(text).toContain('manifest.name: must be kebab-case')
    expect(text).toContain('manifest.version: must be a semver version')
    expect(text).toContain('"fly" is not a permission')
  })

  it('reports a plugin whose initialize fails', async () => {
    const dir = mkdtempSync(join(parent, 'failing-'))
    const file = join(dir, 'failing.js')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(
      file,
      "export default class Failing { static manifest = { name: 'failing', version: '1.0.0', description: 'd', permissions: [] }; initialize() { throw new Error('needs a database') } }\n",
    )
    const io = recordingIo()
    expect(await runPluginValidate(file, io)).toBe(1)
    expect(io.err_.join('\n')).toContain(
      'failing: does not start: plugin "failing" failed to initialize: needs a database',
    )
  })
})
