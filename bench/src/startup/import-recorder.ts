/**
 * Preloaded into the bot (`node --import`) by the start-up suite: records which dependency modules
 * it loads and writes their URLs, in load order, to `$BANTER_BENCH_IMPORTS` on exit.
 */
import { writeFileSync } from 'node:fs'
import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'

const hooks = process.env.BANTER_BENCH_HOOKS
const out = process.env.BANTER_BENCH_IMPORTS
if (hooks && out) {
  const { port1, port2 } = new MessageChannel()
  const urls = new Set<string>()
  port1.on('message', (url: string) => urls.add(url))
  port1.unref()
  register(hooks, { data: { port: port2 }, transferList: [port2] })
  process.on('exit', () => writeFileSync(out, JSON.stringify([...urls])))
}
