import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import type { CliIo } from './io.js'
import { runPluginValidate } from './plugin-validate.js'

/**
 * `banter plugin test [dir]`: `banter plugin validate` on the plugin package, then its own tests
 * (`npm test`, output shown as it comes). Exit code 1 when either fails.
 */
export async function runPluginTest(io: CliIo, options: { dir?: string | undefined } = {}): Promise<number> {
  const dir = resolve(options.dir ?? '.')
  if ((await runPluginValidate(dir, io)) !== 0) {
    io.err('Validation failed: the tests were not run.')
    return 1
  }
  io.out('\nnpm test:')
  const code = await new Promise<number>((done) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['test'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: process.env.CI ?? 'true' },
    })
    child.stdout.on('data', (chunk) => io.out(String(chunk).trimEnd()))
    child.stderr.on('data', (chunk) => io.err(String(chunk).trimEnd()))
    child.once('error', () => done(127))
    child.once('close', (c) => done(c ?? 1))
  })
  return code
}
