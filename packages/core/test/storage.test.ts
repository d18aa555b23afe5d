import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage, type StorageBackend } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { createClient } from '@keyv/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'banter-storage-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function contract(kind: string, open: () => Promise<StorageBackend>) {
  describe(`${kind} storage`, () => {
    let backend: StorageBackend
    beforeAll(async () => {
      backend = await open()
    })
    afterAll(async () => {
      await backend?.close()
    })

    it('keeps values per namespace and lists only its own keys', async () => {
      const a = backend.namespace('alpha')
      const b = backend.namespace('beta')
      await a.set('k', { n: 1, list: ['x'] })
      await b.set('k', 'other')
      await a.set('j', 2)
      expect(await a.get('k')).toEqual({ n: 1, list: ['x'] })
      expect(await b.get('k')).toBe('other')
      expect(await a.has('j')).toBe(true)
      const entries: [string, unknown][] = []
      for await (const entry of a.entries()) entries.push(entry)
      expect(entries.sort()).toEqual([
        ['j', 2],
        ['k', { n: 1, list: ['x'] }],
      ])
      await a.clear()
      expect(await a.get('k')).toBeUndefined()
      expect(await b.get('k')).toBe('other')
      expect(await b.delete('k')).toBe(true)
      expect(await b.delete('k')).toBe(false)
    })

    it('expires values after their TTL', async () => {
      const s = backend.namespace('ttl')
      await s.set('short', 1, 40)
      await s.set('long', 2, 60_000)
      await new Promise((resolve) => setTimeout(resolve, 120))
      expect(await s.get('short')).toBeUndefined()
      expect(await s.get('long')).toBe(2)
    })
  })
}

contract('memory', () => createStorage('memory'))
contract('sqlite', () => createStorage(`sqlite:${join(dir, 'store.sqlite')}`))

describe('sqlite storage survives a restart', () => {
  it('a second bot on the same file reads what the first wrote', async () => {
    const file = join(dir, 'restart.sqlite')
    const writer = makePlugin({
      name: 'memo',
      permissions: ['storage'],
      init: (ctx) => ctx.storage.set('note', 'kept'),
    })
    const first = await createTestBot({ plugins: [writer], config: { storage: `sqlite:${file}` } })
    await first.stop()
    let read: unknown
    const reader = makePlugin({
      name: 'memo',
      permissions: ['storage'],
      init: async (ctx) => {
        read = await ctx.storage.get('note')
      },
    })
    const second = await createTestBot({ plugins: [reader], config: { storage: `sqlite:${file}` } })
    await second.stop()
    expect(read).toBe('kept')
  })
})

describe('storage errors', () => {
  it('a bad storage URL is a clear config error', async () => {
    await expect(createStorage('mongodb://x')).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })

  it('an unopenable SQLite path fails at start-up with STORAGE_UNAVAILABLE', async () => {
    await expect(createStorage('sqlite:/nonexistent-dir/x/y.sqlite')).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      hint: expect.stringMatching(/storage URL/),
    })
  })

  it('an unreachable Redis fails at start-up, and the error never shows the password', async () => {
    const error = await createStorage('redis://user:hunter2@127.0.0.1:1/0').catch((e: Error) => e)
    expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE' })
    expect((error as Error).message).toContain('redis://***@127.0.0.1:1/0')
    expect((error as Error).message).not.toContain('hunter2')
  })
})

const hasRedis = integration('redis-server', 'core redis storage')
describe.skipIf(!hasRedis)('redis storage', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  contract('redis', () => createStorage(redis.url))

  it('when Redis goes away calls fail fast with a clear error instead of hanging', async () => {
    const own = await startRedisServer()
    const backend = await createStorage(own.url)
    const s = backend.namespace('flaky')
    await s.set('k', 1)
    await own.stop()
    const error = await s.get('k').catch((e: Error) => e)
    // Not the start-up hint (the URL was fine): the server went away.
    expect(error).toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      hint: expect.stringMatching(/redis server is up and reachable/),
    })
    await backend.close()
  })

  it('two bots sharing one Redis see the same cooldown (shard-safe)', async () => {
    const cool = makePlugin({
      name: 'cool',
      init: (ctx) =>
        void ctx.commands.register({
          name: 'hot',
          description: 'h',
          cooldown: 60_000,
          handler: ({ reply }) => reply('done').then(() => undefined),
        }),
    })
    const one = await createTestBot({ plugins: [cool], config: { storage: redis.url } })
    const two = await createTestBot({ plugins: [cool], config: { storage: redis.url } })
    expect((await one.receive({ content: '!hot', author: { id: 'u1' } }))[0]?.content).toBe('done')
    expect((await two.receive({ content: '!hot', author: { id: 'u1' } }))[0]?.content).toMatch(/cooling down/)
    await one.stop()
    await two.stop()
  })

  it('two bots sharing one Redis: the same user on both at once runs the command once', async () => {
    let runs = 0
    const cool = makePlugin({
      name: 'cool2',
      init: (ctx) =>
        void ctx.commands.register({
          name: 'hot2',
          description: 'h',
          cooldown: 60_000,
          handler: async ({ reply }) => {
            runs++
            await reply('done')
          },
        }),
    })
    const one = await createTestBot({ plugins: [cool], config: { storage: redis.url } })
    const two = await createTestBot({ plugins: [cool], config: { storage: redis.url } })
    const author = { id: 'u2' }
    const replies = await Promise.all(
      [one, two, one, two].map((bot) => bot.receive({ content: '!hot2', author })),
    )
    expect(runs).toBe(1)
    expect(replies.flat().filter((r) => r.content === 'done')).toHaveLength(1)
    await one.stop()
    await two.stop()
  })

  it('Redis itself expires what increment and update write with a TTL, and keeps it when they write without', async () => {
    const backend = await createStorage(redis.url)
    const s = backend.namespace('expiry')
    const raw = createClient({ url: redis.url })
    await raw.connect()
    const pttl = (key: string) => raw.pTTL(`banter::banter:expiry:${key}`)
    await s.increment('n', 1, { ttl: 60_000 })
    await s.increment('n')
    await s.update<number>('u', () => 1, { ttl: 60_000 })
    await s.update<number>('u', (v = 0) => v + 1)
    await s.increment('forever')
    for (const key of ['n', 'u']) {
      const left = await pttl(key)
      expect(left).toBeGreaterThan(0)
      expect(left).toBeLessThanOrEqual(60_000)
    }
    expect(await pttl('forever')).toBe(-1)
    await raw.close()
    await backend.close()
  })
})
