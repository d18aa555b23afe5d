import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startVerdaccio, type TestRegistry, until, verdaccioBin } from '@banter/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The whole road of a user and of a plugin author, against a private registry with no uplinks:
// every package of this repository is published to it, a bot is made with `npm create banter`, a
// third-party plugin is published with `banter plugin publish`, found, installed into the running
// bot, updated to a broken version (rolled back) and uninstalled. Slow (minutes): one file.
const available = verdaccioBin() !== undefined
if (!available) {
  if (process.env.CI === 'true')
    throw new Error('registry e2e: verdaccio is not installed, and CI=true forbids skipping')
  process.stderr.write(
    '\n*** SKIPPED registry e2e: verdaccio is not installed (npm install at the root) ***\n\n',
  )
}

const root = join(import.meta.dirname, '../../..')
const coreVersion = (
  JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8')) as { version: string }
).version
const work = mkdtempSync(join(tmpdir(), 'banter-e2e-'))
const botDir = join(work, 'my-bot')
const pluginDir = join(work, 'plugin-greet')
let registry: TestRegistry
let bot: ChildProcess | undefined
let botOut = ''

/** npm and the CLI with the registry's user config; install scripts off (no native builds here). */
const env = () => ({
  ...(registry?.env ?? process.env),
  npm_config_ignore_scripts: 'true',
  npm_config_yes: 'true',
  CI: 'true',
})
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: env() })
/** `banter ...` as the bot project has it, from the registry; never throws, returns output and code. */
const banter = (args: string[], cwd = botDir) => {
  try {
    return {
      code: 0,
      out: run(process.execPath, [join(botDir, 'node_modules/@banter/cli/dist/cli.js'), ...args], cwd),
    }
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string }
    return { code: e.status, out: `${e.stdout}${e.stderr}` }
  }
}

/** Waits until `check` holds; a timeout says what the bot printed meanwhile. */
async function waitFor(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  await until(check, what, ms, 100).catch((error: Error) => {
    throw new Error(`${error.message}; bot output:\n${botOut}`)
  })
}

async function startBot(): Promise<void> {
  botOut = ''
  rmSync(join(botDir, '.banter/http.json'), { force: true })
  bot = spawn('npm', ['start'], { cwd: botDir, env: env() })
  bot.stdout?.on('data', (d) => {
    botOut += d
  })
  bot.stderr?.on('data', (d) => {
    botOut += d
  })
  await waitFor('the bot to serve HTTP', () => existsSync(join(botDir, '.banter/http.json')))
}

async function say(text: string, answer: string): Promise<void> {
  const before = botOut.length
  bot?.stdin?.write(`${text}\n`)
  await waitFor(`"${answer}" after ${text}`, () => botOut.slice(before).includes(answer), 20_000)
}

async function stopBot(): Promise<void> {
  if (!bot || bot.exitCode !== null) return
  const exited = new Promise((resolve) => bot?.once('exit', resolve))
  bot.stdin?.end()
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
  bot.kill('SIGTERM')
}

afterAll(async () => {
  await stopBot()
  await registry?.stop()
  rmSync(work, { recursive: true, force: true })
}, 120_000)

describe.skipIf(!available)(
  'from a private registry: npm create banter, plugin publish/search/install/update/uninstall',
  () => {
    beforeAll(async () => {
      run('npx', ['tsc', '-b', 'tsconfig.json'], root)
      registry = await startVerdaccio(['@banter', '@acme'])
      for (const folder of readdirSync(join(root, 'packages'))) {
        const dir = join(root, 'packages', folder)
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { private?: boolean }
        if (!pkg.private) run('npm', ['publish', '--registry', registry.url], dir)
      }
    }, 300_000)

    it('npm create banter makes a bot whose npm start answers !ping', async () => {
      run('npm', ['create', 'banter@latest', 'my-bot', '--registry', registry.url, '--', '--yes'], work)
      expect(readFileSync(join(botDir, 'banter.config.yaml'), 'utf8')).toContain('timestamp:')
      // The admin API on: the bot and the CLI read its token from .env, as a user sets it.
      writeFileSync(join(botDir, '.env'), 'BANTER_ADMIN_TOKEN=e2e-token\n')
      run('npm', ['install'], botDir)
      await startBot()
      await say('!ping', 'pong')
      await say('!hello', 'Hello, ')
    }, 300_000)

    it('a plugin made with banter plugin create is published with banter plugin publish and found by search', () => {
      expect(banter(['plugin', 'create', 'greet', '--dir', work, '--scope', '@acme'], work).code).toBe(0)
      run('npm', ['install'], pluginDir)
      run('npm', ['run', 'build'], pluginDir)
      const published = banter(['plugin', 'publish', '--registry', registry.url], pluginDir)
      expect(published.out).toContain('✓ no secrets')
      expect(published.code, published.out).toBe(0)
      const found = banter(['plugin', 'search', 'greet', '--registry', registry.url])
      expect(found.code, found.out).toBe(0)
      expect(found.out).toMatch(/@acme\/plugin-greet\s+0\.1\.0\s+yes\s+no/)
    }, 300_000)

    it('a package made for another core is refused by install, the project left as it was', () => {
      const file = join(pluginDir, 'package.json')
      const original = readFileSync(file, 'utf8')
      const future = JSON.parse(original) as { name: string; peerDependencies: Record<string, string> }
      future.name = '@acme/plugin-future'
      future.peerDependencies['@banter/core'] = '^9.0.0'
      writeFileSync(file, JSON.stringify(future))
      run('npm', ['publish', '--registry', registry.url], pluginDir)
      writeFileSync(file, original)
      expect(banter(['plugin', 'search', 'future', '--registry', registry.url]).out).toMatch(
        /@acme\/plugin-future\s+0\.1\.0\s+no \(\^9\.0\.0\)/,
      )
      const before = readFileSync(join(botDir, 'package.json'), 'utf8')
      const refused = banter(['plugin', 'install', '@acme/plugin-future'])
      expect(refused.code).toBe(1)
      expect(refused.out).toContain(
        `needs @banter/core ^9.0.0, but this bot runs @banter/core ${coreVersion}`,
      )
      expect(readFileSync(join(botDir, 'package.json'), 'utf8')).toBe(before)
      expect(existsSync(join(botDir, 'node_modules/@acme/plugin-future'))).toBe(false)
    }, 120_000)

    it('banter plugin install adds it to the config and the running bot answers its command', async () => {
      const installed = banter(['plugin', 'install', '@acme/plugin-greet'])
      expect(installed.code, installed.out).toBe(0)
      expect(readFileSync(join(botDir, 'banter.config.yaml'), 'utf8')).toContain('"@acme/plugin-greet":')
      if (installed.out.includes('no restart needed')) await say('!greet', 'Hello from greet!')
      else {
        // Without the admin API's load route the CLI says to restart, and after one it answers.
        expect(installed.out).toContain('restart it to load "@acme/plugin-greet"')
        await stopBot()
        await startBot()
        await say('!greet', 'Hello from greet!')
      }
    }, 300_000)

    it('an update to a version that throws in initialize is rolled back and the bot keeps answering', async () => {
      const source = join(pluginDir, 'src/greet-plugin.ts')
      writeFileSync(
        source,
        readFileSync(source, 'utf8').replace(
          'override initialize(ctx: PluginContext<GreetOptions>) {',
          "override initialize(ctx: PluginContext<GreetOptions>) {\n    if (ctx.config.reply) throw new Error('broken on purpose')",
        ),
      )
      run('npm', ['version', '0.2.0', '--no-git-tag-version'], pluginDir)
      run('npm', ['run', 'build'], pluginDir)
      expect(banter(['plugin', 'publish', '--registry', registry.url], pluginDir).code).toBe(1)
      // The pack checks refuse it (it fails validation), so it goes up with npm itself, as a careless author would.
      run('npm', ['publish', '--registry', registry.url], pluginDir)
      expect(banter(['plugin', 'outdated']).out).toMatch(/@acme\/plugin-greet\s+0\.1\.0\s+0\.2\.0\s+0\.2\.0/)
      const updated = banter(['plugin', 'update', '@acme/plugin-greet'])
      expect(updated.code).toBe(1)
      expect(updated.out).toContain('broken on purpose')
      expect(updated.out).toContain('rolled back to @acme/plugin-greet@0.1.0')
      const installed = JSON.parse(
        readFileSync(join(botDir, 'node_modules/@acme/plugin-greet/package.json'), 'utf8'),
      ) as { version: string }
      expect(installed.version).toBe('0.1.0')
      await say('!greet', 'Hello from greet!')
      await say('!ping', 'pong')
    }, 300_000)

    it('a good update prints the changelog between the versions and reloads it; rollback goes back', async () => {
      const source = join(pluginDir, 'src/greet-plugin.ts')
      writeFileSync(
        source,
        readFileSync(source, 'utf8')
          .replace("    if (ctx.config.reply) throw new Error('broken on purpose')\n", '')
          .replace('await reply(ctx.config.reply)', 'await reply(`${ctx.config.reply} (0.3)`)'),
      )
      writeFileSync(
        join(pluginDir, 'CHANGELOG.md'),
        '# @acme/plugin-greet\n\n## 0.3.0\n\n- A new greeting.\n\n## 0.2.0\n\n- Broken.\n\n## 0.1.0\n\n- First.\n',
      )
      run('npm', ['version', '0.3.0', '--no-git-tag-version'], pluginDir)
      run('npm', ['run', 'build'], pluginDir)
      const published = banter(['plugin', 'publish', '--registry', registry.url], pluginDir)
      expect(published.code, published.out).toBe(0)
      const updated = banter(['plugin', 'update'])
      expect(updated.code, updated.out).toBe(0)
      expect(updated.out).toContain('✓ @acme/plugin-greet 0.1.0 -> 0.3.0 (reloaded in the running bot')
      expect(updated.out).toContain('## 0.3.0\n\n- A new greeting.\n\n## 0.2.0\n\n- Broken.')
      expect(updated.out).not.toContain('- First.')
      // Node keeps a package's inner modules cached: the new code runs from the next start.
      await stopBot()
      await startBot()
      await say('!greet', 'Hello from greet! (0.3)')
      const back = banter(['plugin', 'rollback', '@acme/plugin-greet'])
      expect(back.code, back.out).toBe(0)
      expect(back.out).toContain('@acme/plugin-greet 0.3.0 -> 0.1.0')
      await stopBot()
      await startBot()
      await say('!greet', 'Hello from greet!\n')
    }, 300_000)

    it('banter plugin uninstall removes it from the config and package.json', () => {
      const removed = banter(['plugin', 'uninstall', '@acme/plugin-greet'])
      expect(removed.code, removed.out).toBe(0)
      expect(readFileSync(join(botDir, 'banter.config.yaml'), 'utf8')).not.toContain('@acme/plugin-greet')
      const pkg = JSON.parse(readFileSync(join(botDir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>
      }
      expect(pkg.dependencies['@acme/plugin-greet']).toBeUndefined()
      expect(existsSync(join(botDir, 'node_modules/@acme/plugin-greet'))).toBe(false)
    }, 120_000)
  },
)
