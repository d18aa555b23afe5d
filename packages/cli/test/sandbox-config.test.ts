import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { finished, spawnCli } from './helpers.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A bot project inside the repository (so that `@banter/core` and `@banter/sandbox` resolve). */
function project(config: string): string {
  const root = mkdtempSync(join(import.meta.dirname, '.tmp-sandbox-'))
  mkdirSync(join(root, 'plugins'))
  writeFileSync(join(root, 'banter.config.yaml'), config)
  // Answers with what its global scope holds: inline it sees Node's `process`, in an isolate nothing.
  writeFileSync(
    join(root, 'plugins/where.js'),
    `export const manifest = { permissions: ['messages:send'] }
export function initialize(ctx) {
  ctx.commands.register({ name: 'where', description: 'where it runs', handler: ({ reply }) => reply('process is ' + typeof globalThis.process).then(() => {}) })
}
`,
  )
  return root
}

const BASE = 'storage: memory\nhttp:\n  enabled: false\npluginDirs:\n  - ./plugins\n'

describe('sandbox: in banter.config.yaml', () => {
  it('runs a plugin keyed `isolation: isolate` in a V8 isolate; the CLI adds --no-node-snapshot itself', async () => {
    dir = project(`${BASE}sandbox:\n  where: { isolation: isolate, memoryMb: 32, cpuMs: 500 }\n`)
    const child = spawnCli(['start', '-c', join(dir, 'banter.config.yaml')])
    child.stdin?.end('!where\n!ping\n')
    const { code, stdout, stderr } = await finished(child)
    expect(stderr).not.toMatch(/no-node-snapshot|SANDBOX_UNAVAILABLE/)
    expect(code).toBe(0)
    expect(stdout).toContain('bot> process is undefined')
    expect(stdout).toContain('bot> pong')
  }, 60_000)

  it('runs the same plugin inline without a sandbox entry, where it sees the process global', async () => {
    dir = project(BASE)
    const child = spawnCli(['start', '-c', join(dir, 'banter.config.yaml')])
    child.stdin?.end('!where\n')
    const { code, stdout } = await finished(child)
    expect(code).toBe(0)
    expect(stdout).toContain('bot> process is object')
  }, 60_000)

  it('banter config check refuses an unknown isolation mode and names the line', async () => {
    dir = project(`${BASE}sandbox:\n  where: { isolation: jail }\n`)
    const { code, stdout, stderr } = await finished(
      spawnCli(['config', 'check', '-c', join(dir, 'banter.config.yaml')]),
    )
    expect(code).not.toBe(0)
    const text = stdout + stderr
    expect(text).toContain('sandbox.where.isolation')
    expect(text).toMatch(/inline|worker|isolate/)
  }, 60_000)
})
