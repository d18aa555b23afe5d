import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage, type StorageBackend } from '@banter/core'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { createClient } from '@keyv/redis'
import { KeyvSqlite } from '@keyv/sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The cross-process half of ctx.locks: two backends opened on one store in this process have their
// own in-process queues, so only the lease in the store keeps them apart, as it does two processes.

const dir = mkdtempSync(join(tmpdir(), 'banter-leases-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function leases(kind: string, spec: () => string, dropLeases: () => Promise<void>) {
  describe(`${kind} leases`, () => {
    let one: StorageBackend
    let two: StorageBackend
    beforeAll(async () => {
      one = await createStorage(spec())
      two = await createStorage(spec())
    })
    afterAll(async () => {
      await one?.close()
      await two?.close()
    })

    it('a lock taken through one connection keeps out the other until it is released', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const held = one.locks('p').run('k', () => gate)
      await wait(50)
      await expect(two.locks('p').run('k', async () => 'two', { waitMs: 100 })).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      })
      const waiting = two.locks('p').run('k', async () => 'two', { waitMs: 5000 })
      release()
      await held
      expect(await waiting).toBe('two')
    })

    it('the lease is renewed while fn runs, so fn may outlast ttlMs', async () => {
      let aborted = false
      const held = one.locks('p').run(
        'long',
        async (signal) => {
          await wait(1500)
          aborted = signal.aborted
          return 'done'
        },
        { ttlMs: 400 },
      )
      await wait(1000)
      // Well past the TTL: without renewal the lease would have expired by now.
      await expect(two.locks('p').run('long', async () => 'two', { waitMs: 100 })).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      })
      expect(await held).toBe('done')
      expect(aborted).toBe(false)
    })

    it('a lease lost while fn runs aborts the signal fn got, with LOCK_LOST', async () => {
      const reason = await one.locks('p').run(
        'lost',
        async (signal) => {
          const lost = new Promise<unknown>((resolve) => {
            const guard = setTimeout(() => resolve('not aborted'), 5000)
            signal.addEventListener('abort', () => {
              clearTimeout(guard)
              resolve(signal.reason)
            })
          })
          // As if the holder had stalled past its TTL and another process had taken the lock.
          await dropLeases()
          return lost
        },
        { ttlMs: 300 },
      )
      expect(reason).toMatchObject({ code: 'LOCK_LOST' })
    })
  })
}

const sqliteFile = join(dir, 'leases.sqlite')
leases(
  'SQLite',
  () => `sqlite:${sqliteFile}`,
  async () => {
    const raw = new KeyvSqlite({ uri: `sqlite://${sqliteFile}`, busyTimeout: 5000 })
    await raw.query('DELETE FROM banter_locks')
    await raw.disconnect()
  },
)

const hasRedis = integration('redis-server', 'core redis storage (leases)')
describe.skipIf(!hasRedis)('redis', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  leases(
    'Redis',
    () => redis.url,
    async () => {
      const raw = createClient({ url: redis.url })
      await raw.connect()
      const keys = await raw.keys('banter:lock:*')
      if (keys.length > 0) await raw.del(keys)
      await raw.close()
    },
  )
})
