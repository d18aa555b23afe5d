import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { loadConfig } from '@banter/cli'
import semver from 'semver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CreateIo, runCreate } from '../src/index.js'

const root = join(import.meta.dirname, '../../..')
// Inside the repository, so the generated project resolves @banter/* and its tools through the
// workspace's node_modules, as it would through its own after `npm install`.
const parent = mkdtempSync(join(import.meta.dirname, '.tmp-create-'))
afterAll(() => rmSync(parent, { recursive: true, force: true }))

function io(input = ''): CreateIo & { out(): string; err(): string } {
  let out = ''
  let err = ''
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk))
        done()
      },
    })
  const stdin = new PassThrough()
  stdin.end(input)
  return {
    input: stdin,
    output: sink((t) => {
      out += t
    }),
    error: sink((t) => {
      err += t
    }),
    cwd: parent,
    out: () => out,
    err: () => err,
  }
}

interface Pkg {
  name: string
  version: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Pkg
const workspaceVersion = (dir: string) =>
  readJson(join(root, 'packages', dir, 'package.json')).version as string

describe('create-banter --yes', () => {
  const dir = join(parent, 'my-bot')
  beforeAll(async () => {
    const run = io()
    expect(await runCreate(['my-bot', '--yes', '--plugins', 'timestamp,workflow'], run)).toBe(0)
    expect(run.out()).toContain('cd my-bot\n  npm install\n  npm start')
  })

  it('writes package.json with @banter/cli, core and the chosen plugins at the current versions, and @types/node', () => {
    const pkg = readJson(join(dir, 'package.json'))
    expect(pkg.name).toBe('my-bot')
    expect(pkg.scripts.start).toBe('banter start')
    expect(Object.keys(pkg.dependencies)).toEqual([
      '@banter/cli',
      '@banter/core',
      '@banter/plugin-timestamp',
      '@banter/plugin-workflow',
    ])
    for (const [name, folder] of [
      ['@banter/cli', 'cli'],
      ['@banter/core', 'core'],
      ['@banter/plugin-timestamp', 'plugin-timestamp'],
      ['@banter/plugin-workflow', 'plugin-workflow'],
    ] as const)
      expect(semver.satisfies(workspaceVersion(folder), pkg.dependencies[name] as string), name).toBe(true)
    expect(pkg.devDependencies).toMatchObject({
      '@types/node': expect.any(String),
      vitest: expect.any(String),
    })
  })

  it('writes a banter.config.yaml the CLI accepts, on the console, with the plugins and plugins/', async () => {
    const loaded = await loadConfig(join(dir, 'banter.config.yaml'), {})
    expect(loaded.config.adapter).toBe('console')
    expect(Object.keys(loaded.config.plugins)).toEqual(['timestamp', 'workflow'])
    expect(loaded.config.pluginDirs).toEqual(['./plugins'])
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain('BANTER_ADMIN_TOKEN=')
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('npm install\nnpm start')
  })

  it('the example plugin passes its test and the project typechecks standalone', () => {
    execFileSync('npx', ['tsc', '-b', 'packages/core/tsconfig.build.json'], { cwd: root, stdio: 'pipe' })
    const out = execFileSync(
      join(root, 'node_modules/.bin/vitest'),
      ['run', '--root', dir, '--config', join(dir, 'vitest.config.ts')],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      },
    )
    expect(out).toMatch(/1 passed/)
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir, stdio: 'pipe' })
  }, 120_000)

  it('refuses a folder that is not empty, leaving it as it was', async () => {
    const run = io()
    expect(await runCreate(['my-bot', '--yes'], run)).toBe(1)
    expect(run.err()).toContain('is not empty')
    expect(readJson(join(dir, 'package.json')).dependencies['@banter/plugin-workflow']).toBeDefined()
  })
})

describe('create-banter flags and questions', () => {
  it('--platform discord writes the discord section and DISCORD_TOKEN', async () => {
    expect(
      await runCreate(['discord-bot', '--yes', '--platform', 'discord', '--plugins', 'none'], io()),
    ).toBe(0)
    const loaded = await loadConfig(join(parent, 'discord-bot/banter.config.yaml'), { DISCORD_TOKEN: 't' })
    expect(loaded.config.adapter).toBe('discord')
    expect(loaded.config.plugins).toEqual({})
    expect(readFileSync(join(parent, 'discord-bot/.env.example'), 'utf8')).toContain('DISCORD_TOKEN=')
    expect(Object.keys(readJson(join(parent, 'discord-bot/package.json')).dependencies)).toEqual([
      '@banter/cli',
      '@banter/core',
    ])
  })

  it('asks for what no flag gave, again after a wrong answer', async () => {
    const run = io('asked-bot\nslack\ndiscord\nopenai,nope\nopenai, antivirus\n')
    expect(await runCreate([], run)).toBe(0)
    expect(run.out()).toContain('"slack" is not a platform.')
    expect(run.out()).toContain('unknown plugin "nope"')
    const pkg = readJson(join(parent, 'asked-bot/package.json'))
    expect(Object.keys(pkg.dependencies)).toEqual([
      '@banter/cli',
      '@banter/core',
      '@banter/plugin-antivirus',
      '@banter/plugin-openai',
    ])
    expect(readFileSync(join(parent, 'asked-bot/banter.config.yaml'), 'utf8')).toContain('adapter: discord')
  })

  it('takes the defaults on empty answers, and fails when the input ends', async () => {
    expect(await runCreate(['defaults-bot'], io('\n\n'))).toBe(0)
    expect(Object.keys(readJson(join(parent, 'defaults-bot/package.json')).dependencies)).toContain(
      '@banter/plugin-timestamp',
    )
    const ended = io('')
    expect(await runCreate(['ended-bot'], ended)).toBe(1)
    expect(ended.err()).toContain('pass --yes')
  })

  it('refuses unknown flags, platforms and plugins', async () => {
    const bad = io()
    expect(await runCreate(['x', '--platform', 'irc'], bad)).toBe(1)
    expect(bad.err()).toContain('--platform must be one of console, discord')
    const badPlugin = io()
    expect(await runCreate(['x', '--plugins', 'timestamp,nope'], badPlugin)).toBe(1)
    expect(badPlugin.err()).toContain('unknown plugin "nope": the official plugins are timestamp')
    const unknown = io()
    expect(await runCreate(['x', '--colour'], unknown)).toBe(1)
    expect(unknown.err()).toContain("Unknown option '--colour'")
  })

  it('a folder name with spaces and capitals gives a valid package name', async () => {
    mkdirSync(join(parent, 'My Bot'))
    writeFileSync(join(parent, 'My Bot/.DS_Store'), '')
    expect(await runCreate(['My Bot', '--yes'], io())).toBe(0)
    expect(readJson(join(parent, 'My Bot/package.json')).name).toBe('my-bot')
  })
})
