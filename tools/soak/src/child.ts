/**
 * The soak run's bot process (started by {@link runSoak} with `--expose-gc`): sends steady traffic
 * through a bot with every official plugin, and reports a sample every `sampleMs` and a summary at
 * the end over IPC.
 */
import { sample } from './metrics.js'
import type { ChildReport, SoakChildConfig } from './protocol.js'
import { startSoakBot } from './soak-bot.js'
import { trafficMessage } from './traffic.js'

const config = JSON.parse(process.argv[2] ?? '{}') as SoakChildConfig
const report = (message: ChildReport) => process.send?.(message)

async function main(): Promise<void> {
  const soak = await startSoakBot(config)
  const { adapter } = soak
  let sent = 0
  let finished = 0
  let failed = 0
  let inFlight = 0
  const started = performance.now()
  const elapsed = () => (performance.now() - started) / 1000
  const errors: string[] = []
  const deliver = (n: number) => {
    inFlight += 1
    adapter
      .receive(trafficMessage(n))
      .catch((error: unknown) => {
        failed += 1
        if (errors.length < 10) errors.push(String(error))
      })
      .finally(() => {
        inFlight -= 1
        finished += 1
      })
  }
  // Steady traffic: a slice of the rate every 10 ms, never more than `concurrency` in flight.
  const perTick = config.rate / 100
  let owed = 0
  const traffic = setInterval(() => {
    owed += perTick
    while (owed >= 1 && inFlight < config.concurrency) {
      owed -= 1
      deliver(sent++)
    }
    owed = Math.min(owed, perTick * 10)
  }, 10)
  report({ type: 'sample', sample: sample(0, 0) })
  while (elapsed() < config.durationMs / 1000) {
    await new Promise((resolve) => setTimeout(resolve, config.sampleMs))
    report({ type: 'sample', sample: sample(elapsed(), finished) })
  }
  clearInterval(traffic)
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  await soak.bot.settle()
  // Workflow runs queued on bullmq finish on the worker: wait for them (a lost run never ends).
  const runs = soak.runs
  for (let waited = 0; runs.completed + runs.failed < runs.started && waited < 15_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50))
  // The bot still answers after the run.
  const pongs = adapter.counts.pongs
  await adapter.receive({ content: '!ping', author: { id: 'u1' }, channelId: 'c1' })
  const answers = adapter.counts.pongs > pongs
  await soak.bot.stop('soak finished')
  report({
    type: 'done',
    summary: {
      messages: finished,
      failedMessages: failed,
      errors,
      adapter: { ...adapter.counts },
      workflowRuns: { ...soak.runs },
      logs: soak.logs,
      answersAfter: answers,
      durationSeconds: elapsed(),
    },
  })
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    report({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    process.exitCode = 1
    process.disconnect?.()
  },
)
