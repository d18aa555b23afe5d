import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(import.meta.dirname, '../../..')
const RUNNER = join(import.meta.dirname, 'fixtures/shipped/run-shipped.mjs')
/** What the runner needs built: core's two entries a guest touches, and the sandbox. */
const BUILT = ['packages/core/dist/index.js', 'packages/core/dist/guest.js', 'packages/sandbox/dist/index.js']

// Every other sandbox suite runs the TypeScript sources (the @banter/source condition), where
// esbuild sees core file by file. This one runs the code as it ships: plain node, @banter/core and
// @banter/sandbox from their built `dist`, a plain .mjs plugin. It caught guests that bundled core's
// whole dist (pino, node:url) and crashed in both modes.
describe('a sandboxed plugin, from the built packages', () => {
  beforeAll(async () => {
    if (BUILT.every((file) => existsSync(join(root, file)))) return
    // A clone that was never built (`npm run build` makes these; CI runs it before the tests).
    await run('npm', ['run', 'build', '-w', '@banter/core', '-w', '@banter/sandbox'], { cwd: root })
  }, 180_000)

  it.each([
    ['worker', []],
    ['isolate', ['--no-node-snapshot']],
  ] as const)('runs in %s mode: commands, storage and the message hook', async (mode, flags) => {
    const { stdout } = await run(process.execPath, [...flags, RUNNER, mode], { cwd: root, timeout: 60_000 })
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
    expect(result.error).toBeUndefined()
    expect(result.status).toBe('active')
    expect(result.replies).toEqual(['hi: there', 'count 1', 'count 2'])
    expect(result.changed).toBe('SHOUT')
    expect(result.sameClasses).toBe(true)
    // The guests stay small: core's Node-free part only, no logger, no zod a plugin did not use.
    // (All of core's dist with pino and zod made each about 800 KB.)
    expect(result.workerEntryBytes).toBeLessThan(200_000)
    expect(result.isolateNoopBytes).toBeLessThan(200_000)
    expect(result.isolateNoopHasPino).toBe(false)
  })
})
