import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Runs in a plain Node process (vitest's module runner has its own module cache): a plugin folder
 * whose entry imports a helper by a relative path is loaded, the helper is changed on disk, and
 * `bot.plugins.reload` must run the new helper, not the cached one.
 */
describe('reload re-reads the plugin code', () => {
  it('evaluates the files the entry imports again, not only the entry', async () => {
    const dir = mkdtempSync(join(import.meta.dirname, '.tmp-reload-'))
    try {
      mkdirSync(join(dir, 'answerer'))
      writeFileSync(
        join(dir, 'answerer/package.json'),
        JSON.stringify({ name: 'answerer', type: 'module', main: 'index.js' }),
      )
      writeFileSync(
        join(dir, 'answerer/index.js'),
        `import { BasePlugin } from '@banter/core'
import { answer } from './answer.js'
export default class Answerer extends BasePlugin {
  static manifest = { name: 'answerer', version: '1.0.0', description: 'answers', permissions: ['messages:send'] }
  initialize(ctx) {
    ctx.commands.register({ name: 'answer', description: 'answers', handler: ({ reply }) => reply(answer()).then(() => {}) })
  }
}
`,
      )
      const helper = join(dir, 'answerer/answer.js')
      writeFileSync(helper, `export const answer = () => 'first'\n`)
      const script = join(dir, 'run.ts')
      writeFileSync(
        script,
        `import { writeFileSync } from 'node:fs'
import { createTestBot } from '@banter/core/testing'
const bot = await createTestBot({ plugins: [${JSON.stringify(join(dir, 'answerer'))}], logLevel: 'silent' })
const before = (await bot.receive('!answer')).map((m) => m.content)
writeFileSync(${JSON.stringify(helper)}, "export const answer = () => 'second'\\n")
await bot.plugins.reload('answerer')
const after = (await bot.receive('!answer')).map((m) => m.content)
process.stdout.write(JSON.stringify({ before, after }) + '\\n')
await bot.stop()
`,
      )
      const child = spawn(process.execPath, ['--conditions=@banter/source', '--import', 'tsx', script], {
        cwd: join(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      child.stderr.on('data', (d) => {
        err += d
      })
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
      expect(err).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(out.trim())).toEqual({ before: ['first'], after: ['second'] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
