import { FakeDiscord } from '@banter/discord/testing'
import { until } from '@banter/test-servers'
import { afterEach, describe, expect, it } from 'vitest'
import { finished, spawnCli, tempDir } from './helpers.js'

let fake: FakeDiscord | undefined
let cleanup: (() => void) | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
  cleanup?.()
  cleanup = undefined
})

function config(extra = '') {
  return [
    'adapter: discord',
    'storage: memory',
    'http:',
    '  enabled: false',
    'discord:',
    '  token: ${DISCORD_TOKEN}',
    '  api: ${DISCORD_API}',
    '  waitGuildTimeout: 1000',
    extra,
    'plugins:',
    '  timestamp:',
    '    format: "\'T\'"',
    '',
  ].join('\n')
}

describe('banter start --adapter discord', () => {
  it('connects to Discord (the fake), answers a guild message stamped, and stops on SIGTERM', async () => {
    fake = await FakeDiscord.start({ token: 'cli-test-token' })
    const t = tempDir({ 'banter.config.yaml': config() })
    cleanup = t.cleanup
    const child = spawnCli(['start', '-c', t.path('banter.config.yaml')], {
      env: { DISCORD_TOKEN: 'cli-test-token', DISCORD_API: fake.apiUrl },
    })
    const done = finished(child)
    let stderr = ''
    child.stderr?.on('data', (d) => {
      stderr += d
    })
    await until(() => stderr.includes('bot ready'), 'the bot to be ready')
    fake.userMessage({ content: '!ping' })
    const reply = await fake.waitForBotMessage((m) => m.content.includes('pong'), 10_000)
    expect(reply.content).toBe('[T] pong')
    child.kill('SIGTERM')
    const { code } = await done
    expect(code).toBe(0)
    expect(stderr).not.toContain('cli-test-token')
  })

  it('runs two shards through discord.js ShardingManager when discord.shards is set', async () => {
    fake = await FakeDiscord.start({ token: 'cli-test-token' })
    const t = tempDir({ 'banter.config.yaml': config('  shards: 2\n  shardSpawnDelayMs: 0') })
    cleanup = t.cleanup
    const child = spawnCli(['start', '-c', t.path('banter.config.yaml')], {
      env: { DISCORD_TOKEN: 'cli-test-token', DISCORD_API: fake.apiUrl },
    })
    const done = finished(child)
    await until(() => (fake?.shards.length ?? 0) >= 2, 'two shards to identify', 60_000)
    expect([...(fake?.shards ?? [])].map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2'])
    fake.userMessage({ content: '!ping' })
    const reply = await fake.waitForBotMessage((m) => m.content.includes('pong'), 15_000)
    expect(reply.content).toBe('[T] pong')
    child.kill('SIGTERM')
    expect((await done).code).toBe(0)
  }, 90_000)

  it('refuses a wrong token with the adapter’s own error and never prints the token', async () => {
    fake = await FakeDiscord.start({ token: 'the-right-token' })
    const t = tempDir({ 'banter.config.yaml': config() })
    cleanup = t.cleanup
    const { code, stderr } = await finished(
      spawnCli(['start', '-c', t.path('banter.config.yaml')], {
        env: { DISCORD_TOKEN: 'wrong-token-value', DISCORD_API: fake.apiUrl },
      }),
    )
    expect(code).toBe(1)
    expect(stderr).toContain('Discord rejected the bot token')
    expect(stderr).not.toContain('wrong-token-value')
  })
})
