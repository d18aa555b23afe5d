import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { finished, spawnCli } from './helpers.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A bot project inside the repository (so that `@banter/core` resolves), with files in it. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(import.meta.dirname, '.tmp-folder-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), content)
  }
  return root
}

describe('banter start with a plugin folder of every shape', () => {
  it('loads a function module, an object plugin and a package folder, and says what it skipped', async () => {
    dir = project({
      'banter.config.yaml': 'storage: memory\nhttp:\n  enabled: false\npluginDirs:\n  - ./plugins\n',
      // A module of plain hook functions: named after the file.
      'plugins/shout.js': `export const manifest = { permissions: ['messages:send'] }
export function initialize(ctx) {
  ctx.commands.register({ name: 'shout', description: 'shouts', handler: ({ raw, reply }) => reply(raw.toUpperCase()).then(() => {}) })
}
`,
      // An object plugin.
      'plugins/greeter.js': `import { definePlugin, mention } from '@banter/core'
export default definePlugin({
  manifest: { name: 'greeter', version: '1.0.0', description: 'greets', permissions: ['messages:send'] },
  setup(ctx) {
    ctx.commands.register({ name: 'greet', description: 'greets', handler: ({ message, reply }) => reply('hello ' + mention(message.author)).then(() => {}) })
  },
})
`,
      // A package folder: one plugin, whatever its other files.
      'plugins/weather/package.json': JSON.stringify({
        name: 'weather-plugin',
        type: 'module',
        main: 'main.js',
      }),
      'plugins/weather/main.js': `import { BasePlugin } from '@banter/core'
import { sky } from './sky.js'
export default class Weather extends BasePlugin {
  static manifest = { name: 'weather', version: '2.0.0', description: 'the weather', permissions: ['messages:send'] }
  initialize(ctx) {
    ctx.commands.register({ name: 'weather', description: 'weather', handler: ({ reply }) => reply(sky).then(() => {}) })
  }
}
`,
      'plugins/weather/sky.js': `export const sky = 'sunny'\n`,
      // Skipped, each with its reason in the log.
      'plugins/notes.txt': 'not code\n',
      'plugins/shout.test.js': 'throw new Error("a test file is never loaded")\n',
    })
    const child = spawnCli(['start', '-c', join(dir, 'banter.config.yaml')])
    child.stdin?.end('!shout hi there\n!greet\n!weather\n')
    const { code, stdout, stderr } = await finished(child)
    expect(code).toBe(0)
    expect(stdout).toContain('bot> HI THERE')
    // A mention renders as @name on the console (the local user's name is the OS user name).
    expect(stdout).toMatch(/bot> hello @\S+\n/)
    expect(stdout).not.toContain('<@')
    expect(stdout).toContain('bot> sunny')
    expect(stderr).toMatch(/skipped \S*notes\.txt: /)
    expect(stderr).toMatch(/skipped \S*shout\.test\.js: a test file/)
  })

  it('banter plugin validate accepts every shape', async () => {
    dir = project({
      'shout.js': `export const manifest = { permissions: ['messages:send'] }\nexport function initialize() {}\n`,
      'greeter.js': `import { definePlugin } from '@banter/core'
export default definePlugin({ manifest: { name: 'greeter', version: '1.0.0', description: 'greets', permissions: [] }, setup() {} })
`,
    })
    for (const file of ['shout.js', 'greeter.js']) {
      const { code, stdout, stderr } = await finished(spawnCli(['plugin', 'validate', join(dir, file)]))
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(stdout).toContain('All checks passed.')
    }
  })
})
