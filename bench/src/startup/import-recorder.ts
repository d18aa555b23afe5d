/**
 * Preloaded into the bot (`node --import`) by the start-up suite: records which dependency modules
 * it loads, before and after it logged "bot ready", and writes them ({@link RecordedImports}) to
 * `$BANTER_BENCH_IMPORTS` on exit. Files loaded with `require` (which the module hooks of Node 20 do
 * not see) are recorded too, as `require:<url>`, unless the same file was also imported.
 */
import fs, { writeFileSync } from 'node:fs'
import Module, { register } from 'node:module'
import { pathToFileURL } from 'node:url'
import { MessageChannel } from 'node:worker_threads'

/** What the recorder writes: module URLs in load order. */
export interface RecordedImports {
  readonly beforeReady: string[]
  readonly afterReady: string[]
}

const hooks = process.env.BANTER_BENCH_HOOKS
const out = process.env.BANTER_BENCH_IMPORTS
if (hooks && out) {
  const now = () => performance.timeOrigin + performance.now()
  const { port1, port2 } = new MessageChannel()
  const loaded = new Map<string, number>()
  const required = new Map<string, number>()
  let readyAt = Number.POSITIVE_INFINITY
  port1.on('message', ([at, url]: [number, string]) => {
    if (!loaded.has(url)) loaded.set(url, at)
  })
  port1.unref()
  register(hooks, { data: { port: port2 }, transferList: [port2] })
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown }
  const compile = proto._compile
  proto._compile = function (this: unknown, content: string, filename: string) {
    required.set(pathToFileURL(filename).href, now())
    return compile.call(this, content, filename)
  }
  // pino writes its lines with fs.writeSync: the "bot ready" line marks the moment.
  const writeSync = fs.writeSync as (...args: unknown[]) => number
  ;(fs as { writeSync: unknown }).writeSync = (...args: unknown[]) => {
    if (readyAt === Number.POSITIVE_INFINITY && String(args[1]).includes('"msg":"bot ready"')) readyAt = now()
    return writeSync(...args)
  }
  process.on('exit', () => {
    const all = [
      ...loaded,
      ...[...required]
        .filter(([url]) => !loaded.has(url))
        .map(([url, at]) => [`require:${url}`, at] as const),
    ].sort((a, b) => a[1] - b[1])
    const recorded: RecordedImports = {
      beforeReady: all.filter(([, at]) => at <= readyAt).map(([url]) => url),
      afterReady: all.filter(([, at]) => at > readyAt).map(([url]) => url),
    }
    writeFileSync(out, JSON.stringify(recorded))
  })
}
