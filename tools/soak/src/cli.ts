/**
 * `npm run soak [-- --minutes 10] [--rate 300] [--no-clamd]`: the long soak run (minutes; not in
 * CI). Prints the verdict and writes bench/results/soak.json; exits with 1 when the run failed.
 */
import { parseArgs } from 'node:util'
import { runSoak } from './run-soak.js'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '300' },
    'no-clamd': { type: 'boolean', default: false },
  },
})
const minutes = Number(values.minutes)
const result = await runSoak({
  durationMs: minutes * 60_000,
  rate: Number(values.rate),
  ...(values['no-clamd'] ? { clamd: false } : {}),
})
const out = process.stdout
out.write(
  `soak: ${minutes} min at ${result.config.rate} msg/s, clamd ${result.config.clamd ? 'on' : 'off'}\n`,
)
out.write(
  `messages: ${result.summary?.messages ?? 0}, workflow runs: ${JSON.stringify(result.summary?.workflowRuns)}\n`,
)
for (const g of result.growth)
  out.write(
    `${g.metric}: ${g.slopePerSecond.toFixed(2)}/s (limit ${g.limitPerSecond}/s) ${g.ok ? 'ok' : 'GROWS'}\n`,
  )
out.write(result.ok ? 'soak passed\n' : `soak FAILED:\n${result.failures.map((f) => `  ${f}`).join('\n')}\n`)
process.exitCode = result.ok ? 0 : 1
