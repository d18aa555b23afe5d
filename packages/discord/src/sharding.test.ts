import { fileURLToPath } from 'node:url'
import type { ShardingManager } from 'discord.js'
import { afterEach, describe, expect, it } from 'vitest'
import { recommendedShardCount, startDiscordShards } from './sharding.js'
import { FakeDiscord } from './testing/index.js'

const entry = fileURLToPath(new URL('./__fixtures__/shard-entry.ts', import.meta.url))
// Shard processes are plain Node: tsx runs the TypeScript entry, the condition resolves workspace sources.
const execArgv = ['--import', 'tsx', '--conditions=@banter/source']

let manager: ShardingManager | undefined
let fake: FakeDiscord | undefined
afterEach(async () => {
  for (const shard of manager?.shards.values() ?? []) shard.kill()
  await fake?.close()
  manager = undefined
  fake = undefined
})

describe('startDiscordShards', () => {
  it('reads the recommended shard count from the api URL', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 3 })
    expect(await recommendedShardCount('fake-token', fake.apiUrl)).toBe(3)
  })

  it('spawns one process per shard, each running one adapter', async () => {
    fake = await FakeDiscord.start({ recommendedShards: 2, token: 'shard-token' })
    manager = await startDiscordShards({
      file: entry,
      token: 'shard-token',
      totalShards: 'auto',
      api: fake.apiUrl,
      execArgv,
      shardArgs: [fake.apiUrl],
      spawnDelayMs: 0,
      respawn: false,
    })
    expect(manager.totalShards).toBe(2)
    expect([...fake.shards].sort()).toEqual([
      [0, 2],
      [1, 2],
    ])
    const id = fake.userMessage({ content: '!ping' })
    const reply = await fake.waitForBotMessage((m) => m.message_reference?.message_id === id, 10_000)
    expect(reply.content).toBe('pong')
  })

  it('refuses to start without a token', async () => {
    const saved = process.env.DISCORD_TOKEN
    delete process.env.DISCORD_TOKEN
    try {
      await expect(startDiscordShards({ file: entry })).rejects.toMatchObject({
        code: 'DISCORD_TOKEN_MISSING',
      })
    } finally {
      if (saved !== undefined) process.env.DISCORD_TOKEN = saved
    }
  })
})
