import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI, finished, tempDir } from './helpers.js'

const CONFIG = join(import.meta.dirname, '../../../apps/bot/banter.config.yaml')
const RECORDER = join(import.meta.dirname, 'fixtures/record-imports.mjs')

let dir: ReturnType<typeof tempDir> | undefined
afterEach(() => {
  dir?.cleanup()
  dir = undefined
})

/**
 * Starts the repository's own bot (every official plugin), answers one !ping, and lists the packages
 * it resolved. With HTTP on (the repository's config), the end of input is sent once the server says
 * it serves: the bot loads fastify after "bot ready", and an end of input that came first would stop
 * the bot before it does.
 */
async function packagesLoaded(
  env: NodeJS.ProcessEnv = {},
  config = CONFIG,
  endAfter: RegExp | undefined = config === CONFIG ? /HTTP on http:/ : undefined,
): Promise<{ packages: Set<string>; urls: string[] }> {
  dir ??= tempDir()
  const out = dir.path('imports.txt')
  rmSync(out, { force: true })
  const child = spawn(
    process.execPath,
    ['--conditions=@banter/source', '--import', 'tsx', '--import', RECORDER, CLI, 'start', '-c', config],
    {
      env: {
        ...process.env,
        BANTER_IMPORTS_OUT: out,
        BANTER_STORAGE: 'memory',
        BANTER_ADAPTER: 'console',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  child.stdin?.write('!ping\n')
  if (endAfter === undefined) child.stdin?.end()
  else {
    let seen = ''
    const watch = (chunk: Buffer) => {
      seen += chunk.toString()
      if (endAfter.test(seen)) child.stdin?.end()
    }
    child.stdout?.on('data', watch)
    child.stderr?.on('data', watch)
  }
  const { code, stdout } = await finished(child)
  expect(code).toBe(0)
  expect(stdout).toContain('pong')
  const urls = readFileSync(out, 'utf8').split('\n').filter(Boolean)
  const packages = new Set(
    urls.flatMap((url) => url.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1] ?? []),
  )
  return { packages, urls }
}

describe('banter start imports only what the config uses', () => {
  it('leaves out discord.js (console adapter), openai (no key), bullmq and ioredis (memory queue), file-type and yauzl (no attachment yet), cron-parser (no schedule), pino-pretty (logs to a pipe), and all of date-fns', async () => {
    const { packages, urls } = await packagesLoaded()
    // The recorder works: what the bot does use is there.
    expect(packages).toContain('zod')
    expect(packages).toContain('date-fns')
    for (const unused of ['discord.js', 'openai', 'bullmq', 'ioredis', 'file-type'])
      expect(packages).not.toContain(unused)
    // The recorder sees require() too: the antivirus plugin requires tldts, the workflow plugin liquidjs.
    expect(packages).toContain('tldts')
    expect(packages).toContain('liquidjs')
    // Log lines to a pipe are JSON; no cron schedule, no archive scanned yet.
    for (const unused of ['pino-pretty', 'cron-parser', 'luxon', 'yauzl'])
      expect(packages).not.toContain(unused)
    // The timestamp plugin takes date-fns's `format` alone, not the package's index of every function.
    expect(urls.filter((url) => /\/node_modules\/date-fns\/index\.js$/.test(url))).toEqual([])
  }, 60_000)

  it('leaves out fastify and prom-client when HTTP is off', async () => {
    dir = tempDir({ 'bot.yaml': 'storage: memory\nhttp:\n  enabled: false\nplugins:\n  timestamp: {}\n' })
    const { packages } = await packagesLoaded({}, dir.path('bot.yaml'))
    expect(packages).toContain('pino')
    expect(packages).not.toContain('fastify')
    expect(packages).not.toContain('prom-client')
    const withHttp = await packagesLoaded()
    expect(withHttp.packages).toContain('fastify')
  }, 60_000)

  it('loads pino-pretty when log lines are asked pretty', async () => {
    dir = tempDir({
      'bot.yaml':
        'storage: memory\nhttp:\n  enabled: false\nlog:\n  pretty: true\nplugins:\n  timestamp: {}\n',
    })
    const { packages } = await packagesLoaded({}, dir.path('bot.yaml'))
    expect(packages).toContain('pino-pretty')
  }, 60_000)

  it('loads the openai SDK once the plugin is configured', async () => {
    const { packages } = await packagesLoaded({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })
    expect(packages).toContain('openai')
  }, 60_000)
})
