import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPluginCreate } from '../src/cli/plugin-create.js'
import { recordingIo } from './helpers.js'

// `banter plugin create remind` inside a copy of this repository (its tracked files, the installed
// node_modules linked in) gives a package that the repository's own build, typecheck, lint and
// test take as one of theirs, with nothing edited by hand.
const root = join(import.meta.dirname, '../../..')
const copy = mkdtempSync(join(tmpdir(), 'banter-repo-'))
afterAll(() => rmSync(copy, { recursive: true, force: true }))

const sh = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, {
    cwd: copy,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  })
const bin = (name: string) => join(root, 'node_modules/.bin', name)

describe('a plugin scaffolded inside the repository', () => {
  beforeAll(() => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file !== '' && existsSync(join(root, file)))
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true })
      cpSync(join(root, file), join(copy, file))
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'))
    sh('git', ['init', '-q'])
    const io = recordingIo()
    expect(runPluginCreate('remind', io, { dir: join(copy, 'packages') }), io.text()).toBe(0)
  }, 120_000)

  it('follows the conventions: @banter name, source condition, base tsconfig, root reference, changeset', () => {
    const dir = join(copy, 'packages/plugin-remind')
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string
      exports: Record<string, Record<string, string>>
      scripts: Record<string, string>
      repository: { directory: string }
    }
    expect(pkg.name).toBe('@banter/plugin-remind')
    expect(Object.keys(pkg.exports['.'] ?? {})).toEqual(['@banter/source', 'types', 'default'])
    expect(pkg.scripts.lint).toBe('biome check .')
    expect(pkg.repository.directory).toBe('packages/plugin-remind')
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toContain('../../tsconfig.base.json')
    expect(readFileSync(join(copy, 'tsconfig.json'), 'utf8')).toContain(
      'packages/plugin-remind/tsconfig.build.json',
    )
    expect(readFileSync(join(copy, '.changeset/banter-plugin-remind-initial.md'), 'utf8')).toContain(
      "'@banter/plugin-remind': minor",
    )
  })

  it('builds, typechecks, passes the root lint and check:packages, and runs in the root test suite', () => {
    sh(bin('tsc'), ['-b', 'packages/plugin-remind/tsconfig.build.json'])
    expect(existsSync(join(copy, 'packages/plugin-remind/dist/index.d.ts'))).toBe(true)
    sh(bin('tsc'), ['-p', 'packages/plugin-remind/tsconfig.json', '--noEmit'])
    sh(bin('biome'), ['check', '.'])
    sh(process.execPath, ['--import', 'tsx', 'tools/check-packages/src/cli.ts', '--fields-only'])
    const out = sh(bin('vitest'), ['run', '--project', 'plugin-remind'])
    expect(out).toMatch(/2 passed/)
  }, 300_000)
})
