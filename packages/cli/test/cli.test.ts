import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { finished, spawnCli, tempDir } from './helpers.js'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

const fixture = join(import.meta.dirname, 'fixtures/web-plugin.ts')

describe('banter start on the console', () => {
  it('answers piped lines, stamped, and exits 0 at the end of input', async () => {
    const t = tempDir({
      'banter.config.yaml':
        'storage: memory\nhttp:\n  enabled: false\nplugins:\n  timestamp:\n    format: "\'T\'"\n',
    })
    cleanup = t.cleanup
    const child = spawnCli(['start', '-c', t.path('banter.config.yaml')])
    child.stdin?.end('!help\n!ping\n')
    const { code, stdout } = await finished(child)
    expect(code).toBe(0)
    expect(stdout).toContain('bot> [T] Commands:')
    expect(stdout).toContain('`!ping` — Checks that the bot answers (core)')
    expect(stdout).toContain('bot> [T] pong')
  })

  it('the shipped default config runs every official plugin it lists', async () => {
    const child = spawnCli(
      ['start', '-c', join(import.meta.dirname, '../../../apps/bot/banter.config.yaml')],
      {
        env: { BANTER_STORAGE: 'memory', BANTER_HTTP_PORT: '0' },
      },
    )
    child.stdin?.end('!ping\n')
    const { code, stdout } = await finished(child)
    expect(code).toBe(0)
    expect(stdout).toMatch(/bot> \[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] pong/)
  })

  it('a broken config is refused with its file and line, exit 1', async () => {
    const t = tempDir({ 'banter.config.yaml': 'adapter: telegram\n' })
    cleanup = t.cleanup
    const { code, stderr } = await finished(spawnCli(['start', '-c', t.path('banter.config.yaml')]))
    expect(code).toBe(1)
    expect(stderr).toContain(`${t.path('banter.config.yaml')}:1:1 adapter: `)
  })

  it('a plugin that fails to start leaves the bot running and says why', async () => {
    const t = tempDir({
      'banter.config.yaml':
        'storage: memory\nhttp:\n  enabled: false\nplugins:\n  timestamp:\n    timeZone: Mars/Base\n',
    })
    cleanup = t.cleanup
    const child = spawnCli(['start', '-c', t.path('banter.config.yaml')])
    child.stdin?.end('!ping\n')
    const { code, stdout, stderr } = await finished(child)
    expect(code).toBe(0)
    expect(stdout).toContain('bot> pong')
    expect(stderr).toContain(
      'plugin \\"timestamp\\": options.timeZone: \\"Mars/Base\\" is not an IANA time zone',
    )
  })
})

describe('SIGTERM', () => {
  it('lets the message in flight finish, then exits 0 with nothing lost', async () => {
    const t = tempDir({
      'banter.config.yaml': `storage: memory\nhttp:\n  enabled: false\nplugins:\n  ${fixture}: {}\n`,
    })
    cleanup = t.cleanup
    const child = spawnCli(['start', '-c', t.path('banter.config.yaml')])
    const done = finished(child)
    let stderr = ''
    child.stderr?.on('data', (d) => {
      stderr += d
    })
    // Wait until the bot is ready, send a slow command, then SIGTERM while it runs.
    while (!stderr.includes('bot ready')) await new Promise((resolve) => setTimeout(resolve, 50))
    child.stdin?.write('!slow\n')
    await new Promise((resolve) => setTimeout(resolve, 300))
    child.kill('SIGTERM')
    const { code, stdout } = await done
    expect(code).toBe(0)
    expect(stdout).toContain('bot> slow done')
    expect(stderr).toContain('SIGTERM: stopping')
    expect(stderr).toContain('bot stopped')
  })
})

describe('banter plugins list', () => {
  it('prints every configured plugin with version, status and permissions', async () => {
    const t = tempDir({
      'banter.config.yaml': `storage: memory\nplugins:\n  timestamp: {}\n  ${fixture}: {}\n`,
    })
    cleanup = t.cleanup
    const { code, stdout } = await finished(spawnCli(['plugins', 'list', '-c', t.path('banter.config.yaml')]))
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^PLUGIN\s+VERSION\s+STATUS\s+PERMISSIONS\s+EMITS$/)
    expect(lines[1]).toMatch(/^timestamp\s+0\.1\.0\s+active\s+messages:transform\s+-$/)
    expect(lines[2]).toMatch(/^web\s+1\.0\.0\s+active\s+http, messages:send\s+-$/)
  })
})

describe('--help', () => {
  it('every command has help', async () => {
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['config', 'check', '--help'],
      ['plugins', 'list', '--help'],
      ['plugin', 'create', '--help'],
      ['plugin', 'validate', '--help'],
    ]) {
      const { code, stdout } = await finished(spawnCli(args))
      expect(code, args.join(' ')).toBe(0)
      expect(stdout).toMatch(/^Usage: banter/)
    }
  })

  it('the package declares the banter bin', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as {
      bin: Record<string, string>
    }
    expect(pkg.bin.banter).toBe('./dist/cli.js')
  })
})
