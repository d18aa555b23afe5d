import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finished, spawnCli, tempDir } from './helpers.js'

const redisOk = integration('redis-server', 'banter worker')

describe.skipIf(!redisOk)('banter worker', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  const config = (workers: number) =>
    [
      'storage: memory',
      'http:',
      '  enabled: false',
      'plugins:',
      '  workflow:',
      '    driver: bullmq',
      '    redisUrl: ${REDIS_URL}',
      `    workers: ${workers}`,
      '    workflows:',
      '      - id: greet',
      '        trigger: { command: true }',
      '        steps:',
      '          - type: send',
      '            channel: console',
      '            text: "hello from a worker, {{ trigger.args }}"',
      '',
    ].join('\n')

  it('the bot (workers: 0) queues the run; a separate worker process executes it', async () => {
    const t = tempDir({ 'banter.config.yaml': config(0) })
    const env = { REDIS_URL: redis.url }
    const worker = spawnCli(['worker', '-c', t.path('banter.config.yaml'), '--workers', '2'], { env })
    const workerDone = finished(worker)
    let workerOut = ''
    let workerErr = ''
    worker.stdout?.on('data', (d) => {
      workerOut += d
    })
    worker.stderr?.on('data', (d) => {
      workerErr += d
    })
    const end = Date.now() + 20_000
    while (!workerErr.includes('workflow worker running 2 job(s)') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50))
    expect(workerErr).toContain('workflow worker running 2 job(s)')

    const bot = spawnCli(['start', '-c', t.path('banter.config.yaml')], { env })
    bot.stdin?.end('!run greet Ada\n')
    const botResult = await finished(bot)
    expect(botResult.code).toBe(0)

    while (!workerOut.includes('hello from a worker') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50))
    expect(workerOut).toContain('bot> hello from a worker, Ada')
    expect(botResult.stdout).not.toContain('hello from a worker')
    worker.kill('SIGTERM')
    expect((await workerDone).code).toBe(0)
    t.cleanup()
  }, 60_000)

  it('refuses to start without the bullmq driver, saying why', async () => {
    const t = tempDir({ 'banter.config.yaml': 'storage: memory\nplugins:\n  workflow: {}\n' })
    const { code, stderr } = await finished(spawnCli(['worker', '-c', t.path('banter.config.yaml')]))
    expect(code).toBe(1)
    expect(stderr).toContain('`banter worker` needs the workflow plugin on `driver: bullmq`')
    t.cleanup()
  })
})
