import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundle } from '../harness/bundle.js'
import { Failures } from '../harness/failures.js'
import { RoundTable, shuffled } from '../harness/rounds.js'
import type { RecordedImports } from '../startup/import-recorder.js'
import { type Watched, watchProcess } from '../startup/watch-process.js'
import { median, row } from '../stats.js'
import type { BenchOptions, BenchRatio, BenchRow, BenchSuite, BenchSuiteResult } from '../types.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const CLI = join(ROOT, 'packages/cli/dist/cli.js')
const CONFIG = 'apps/bot/banter.config.yaml'
const START_ARGS = [CLI, 'start', '-c', CONFIG, '--adapter', 'console']
const TIMEOUT_MS = 30_000
/** Files of the libraries every start loads, whatever the config (the floor rows). */
const FLOOR = /\/node_modules\/(zod|yaml|pino)\//

/** Dependencies the baseline leaves out: the issue asks for a discord.js-free bare process. */
const DISCORD = /\/node_modules\/(discord\.js|@discordjs\/|discord-api-types\/)/

const OFFICIAL_PLUGINS = ['timestamp', 'openai', 'antivirus', 'workflow']

/** Hubot's own CLI, as `npx hubot` runs it (a peer on the same machine, in the same rounds). */
const HUBOT_BIN = join(dirname(createRequire(import.meta.url).resolve('hubot')), 'bin/Hubot.mjs')
/**
 * The one script the Hubot peer loads: it answers `ping` like Banter's default config, says when it
 * is loaded (Hubot loads scripts last, after its adapter connected: its "ready") and exits at the end
 * of input, as `banter start` does.
 */
const HUBOT_SCRIPT = `export default (robot) => {
  robot.respond(/ping$/i, (res) => res.send('PONG'))
  process.stdin.on('end', () => process.exit(0))
  process.stdout.write('hubot scripts loaded\\n')
}
`

const isReady = (line: string) => line.includes('"msg":"bot ready"')
const isPong = (line: string) => line.includes('pong') && !line.startsWith('{')

function startBot(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = []): Promise<Watched> {
  return watchProcess({
    command: process.execPath,
    args: [...execArgv, ...START_ARGS],
    cwd: ROOT,
    env,
    input: '!ping\n',
    marks: [
      { name: 'ready', test: isReady },
      { name: 'pong', test: isPong },
    ],
    timeoutMs: TIMEOUT_MS,
  })
}

/** Starts the bot once with an import recorder and returns the dependency files it loaded, before and after ready. */
async function recordImports(dir: string): Promise<RecordedImports & { plugins: string[] }> {
  const recorder = await bundle(new URL('../startup/import-recorder.ts', import.meta.url))
  const hooks = await bundle(new URL('../startup/import-hooks.ts', import.meta.url))
  const out = join(dir, 'imports.json')
  const watched = await startBot(
    { ...process.env, BANTER_BENCH_HOOKS: hooks.href, BANTER_BENCH_IMPORTS: out },
    ['--import', recorder.href],
  )
  if (watched.at.pong === undefined) {
    throw new Error(`the bot did not answer !ping (exit ${watched.exit}):\n${watched.tail}`)
  }
  const ready = watched.tail.split('\n').find(isReady)
  const plugins = ready ? ((JSON.parse(ready) as { plugins?: string[] }).plugins ?? []) : []
  return { ...(JSON.parse(readFileSync(out, 'utf8')) as RecordedImports), plugins }
}

/** The packages a start loaded, with how many of their files, most first (`zod: 227, yaml: 12, ...`). */
function importGraph(urls: readonly string[]): string {
  const files = new Map<string, number>()
  for (const url of new Set(urls.map((u) => u.replace(/^require:/, '')))) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
    const name =
      match?.[1] ??
      (url.includes('/packages/') ? `@banter/${url.split('/packages/')[1]?.split('/')[0]}` : undefined)
    if (name) files.set(name, (files.get(name) ?? 0) + 1)
  }
  return [...files]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name}: ${count}`)
    .join(', ')
}

function note(result: BenchSuiteResult, text: string): BenchSuiteResult {
  return { ...result, notes: [...result.notes, text] }
}

/** Starts Hubot 14 with its Shell adapter and no HTTP server (Banter's starts after ready) in `dir`. */
function startHubot(dir: string): Promise<Watched> {
  const scripts = join(dir, 'hubot-scripts')
  if (!existsSync(scripts)) {
    mkdirSync(scripts)
    writeFileSync(join(scripts, 'ping.mjs'), HUBOT_SCRIPT)
    // The Shell adapter reads its history file at start and logs a stack trace when it is missing.
    writeFileSync(join(dir, '.hubot_history'), '')
  }
  return watchProcess({
    command: process.execPath,
    args: [HUBOT_BIN, '--adapter', 'Shell', '--disable-httpd', '--require', scripts],
    cwd: dir,
    marks: [{ name: 'ready', test: (line) => line.includes('hubot scripts loaded') }],
    timeoutMs: TIMEOUT_MS,
  })
}

/**
 * Start-up: `banter start` with the console adapter, from spawn to ready and to the first reply, and
 * its resident memory, vs a bare Node process that imports the same dependency files the bot loaded
 * (discord.js excluded), and vs Hubot 14 starting with one script (a peer, timed in the same rounds).
 */
const suite: BenchSuite = {
  name: 'startup',
  description:
    'banter start (console adapter) to ready and to the first reply, vs a bare node importing the same dependencies and vs Hubot starting',
  async run(options: BenchOptions): Promise<BenchSuiteResult> {
    const empty: BenchSuiteResult = { suite: 'startup', rows: [], ratios: [], notes: [] }
    if (!existsSync(CLI))
      return note(empty, 'bot app not built: packages/cli/dist/cli.js is missing (run npm run build)')
    const dir = mkdtempSync(join(tmpdir(), 'banter-bench-startup-'))
    try {
      const { beforeReady: urls, afterReady, plugins } = await recordImports(dir)
      // The baseline loads what the bot loaded before it was ready (fastify and prom-client come after).
      const deps = urls.filter((u) => u.includes('/node_modules/'))
      const kept = deps.filter((u) => !DISCORD.test(u))
      const list = join(dir, 'deps.json')
      writeFileSync(list, JSON.stringify(kept))
      // Two floors under any start: Node itself (the same script importing nothing), and the libraries
      // every start loads whatever the config (zod, yaml, pino: validation, the config file, logs).
      const lists = { bare: list, floor: join(dir, 'floor.json'), node: join(dir, 'none.json') }
      writeFileSync(lists.floor, JSON.stringify(kept.filter((u) => FLOOR.test(u))))
      writeFileSync(lists.node, '[]')
      const bare = await bundle(new URL('../startup/bare-imports.ts', import.meta.url))
      const table = new RoundTable()
      const failures = new Failures()
      for (let round = 0; round < options.rounds; round++) {
        for (const kind of shuffled(['banter', 'bare', 'hubot', 'floor', 'node'] as const)) {
          if (kind === 'banter') {
            const w = await startBot()
            if (w.at.ready === undefined || w.at.pong === undefined) {
              failures.add(
                `banter, round ${round + 1}`,
                `no ready/pong (exit ${w.exit}): ${w.tail.split('\n').slice(-3).join(' | ')}`,
              )
              continue
            }
            table.set('ready', round, w.at.ready)
            table.set('pong', round, w.at.pong)
            table.set('exit', round, w.exitedAt - w.at.pong)
            if (w.rssKb !== undefined) table.set('rss', round, w.rssKb / 1024)
          } else if (kind === 'hubot') {
            const w = await startHubot(dir)
            if (w.at.ready === undefined) {
              failures.add(
                `hubot, round ${round + 1}`,
                `no "scripts loaded" (exit ${w.exit}): ${w.tail.split('\n').slice(-3).join(' | ')}`,
              )
              continue
            }
            table.set('hubot-ready', round, w.at.ready)
            if (w.rssKb !== undefined) table.set('hubot-rss', round, w.rssKb / 1024)
          } else {
            const w = await watchProcess({
              command: process.execPath,
              args: [fileURLToPath(bare), lists[kind]],
              cwd: ROOT,
              marks: [{ name: 'ready', test: (l) => l.startsWith('ready') }],
              timeoutMs: TIMEOUT_MS,
            })
            if (w.at.ready === undefined) {
              failures.add(`${kind}, round ${round + 1}`, `the bare process did not finish (exit ${w.exit})`)
              continue
            }
            table.set(`${kind}-ready`, round, w.at.ready)
            if (w.rssKb !== undefined) table.set(`${kind}-rss`, round, w.rssKb / 1024)
          }
        }
      }
      const rows: BenchRow[] = []
      const add = (name: string, unit: string, key: string) => {
        const values = table.values(key)
        if (values.length > 0) rows.push(row(name, unit, values))
      }
      add('banter start: spawn to "bot ready"', 'ms', 'ready')
      add('banter start: spawn to first reply (!ping -> pong)', 'ms', 'pong')
      add('banter start: end of input to exit', 'ms', 'exit')
      add('banter start: resident memory after the reply', 'MB', 'rss')
      add('bare node importing the same dependencies: spawn to done', 'ms', 'bare-ready')
      add('bare node importing the same dependencies: resident memory', 'MB', 'bare-rss')
      add('floor: bare node importing only zod, yaml and pino (any config loads them)', 'ms', 'floor-ready')
      add("floor: bare node importing nothing (Node's own start)", 'ms', 'node-ready')
      add('hubot 14 start (Shell adapter, no HTTP server): spawn to scripts loaded', 'ms', 'hubot-ready')
      add('hubot 14 start: resident memory when ready', 'MB', 'hubot-rss')
      const ratios: BenchRatio[] = []
      const ratio = (name: string, a: string, b: string, description: string) => {
        const values = table.ratios(a, b)
        if (values.length > 0) ratios.push({ name, value: median(values), description })
      }
      ratio(
        'banter ready / bare imports',
        'ready',
        'bare-ready',
        'start-up time relative to loading the dependencies alone (1 = no overhead)',
      )
      ratio(
        'banter resident memory / bare',
        'rss',
        'bare-rss',
        'memory relative to the dependencies alone (1 = no overhead)',
      )
      ratio(
        'banter ready / hubot ready',
        'ready',
        'hubot-ready',
        'start-up time relative to Hubot on the same machine, in the same rounds (>1: Banter is slower)',
      )
      const ready = table.values('ready')
      if (ready.length > 0) {
        ratios.push({
          name: 'target: ready < 300 ms',
          value: 300 / median(ready),
          description: '300 ms / measured; >=1 meets the target',
        })
      }
      const floor = table.values('floor-ready')
      if (floor.length > 0) {
        ratios.push({
          name: 'zod + yaml + pino alone / the 300 ms target',
          value: median(floor) / 300,
          description:
            'share of the 300 ms target that Node and the three libraries every start loads take by themselves, before Banter runs a line',
        })
      }
      const overhead = table.ratios('ready', 'bare-ready')
      if (overhead.length > 0) {
        ratios.push({
          name: 'target: ready <= 1.5x bare imports',
          value: 1.5 / median(overhead),
          description: '1.5 / (banter ready / bare imports); >=1 meets the target',
        })
      }
      const notes = [
        `plugins active at ready: ${plugins.length > 0 ? plugins.join(', ') : 'none reported'} (config ${CONFIG})`,
        `the bare process imports the ${kept.length} dependency files the bot loaded (${deps.length - kept.length} discord.js files left out)`,
        'runs packages/cli/dist (the built app, as it ships); cwd is the repository root',
        `import graph at start, to "bot ready": ${urls.length} module files, ${deps.length} of them dependencies (package: files): ${importGraph(urls)}`,
        `loaded after "bot ready" (the HTTP server, the first reply): ${importGraph(afterReady) || 'nothing'}`,
        ...failures.notes(),
      ]
      if (urls.some((u) => DISCORD.test(u)))
        notes.push('the bot loads discord.js even with the console adapter')
      const missing = OFFICIAL_PLUGINS.filter((p) => !plugins.includes(p))
      if (missing.length > 0)
        notes.push(
          `the issue's start-up target is with every official plugin; not active with this config: ${missing.join(', ')}`,
        )
      return { suite: 'startup', rows, ratios, notes }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default suite
