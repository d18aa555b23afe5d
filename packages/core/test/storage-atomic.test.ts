import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage, type PluginStorage, type StorageBackend } from '@banter/core'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// increment, update, list and locks, the same on every backend. The cross-process guarantees are in
// storage-processes.test.ts.

const dir = mkdtempSync(join(tmpdir(), 'banter-atomic-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

function atomic(kind: string, open: () => Promise<StorageBackend>) {
  describe(`${kind}: atomic operations`, () => {
    let backend: StorageBackend
    let n = 0
    /** A fresh namespace per test, so tests share no keys. */
    const fresh = (): PluginStorage => backend.namespace(`t${++n}`)
    beforeAll(async () => {
      backend = await open()
    })
    afterAll(async () => {
      await backend?.close()
    })

    it('increment starts a missing key at `by`, adds, and `get` reads the number back', async () => {
      const s = fresh()
      expect(await s.increment('n')).toBe(1)
      expect(await s.increment('n', 4)).toBe(5)
      expect(await s.increment('n', -7)).toBe(-2)
      expect(await s.increment('n', 0.5)).toBe(-1.5)
      expect(await s.get('n')).toBe(-1.5)
      expect(await s.increment('other', 3)).toBe(3)
    })

    it('increment continues from a number written by set, and refuses other values without changing them', async () => {
      const s = fresh()
      await s.set('n', 41)
      expect(await s.increment('n')).toBe(42)
      await s.set('word', 'seven')
      await expect(s.increment('word')).rejects.toMatchObject({ code: 'STORAGE_VALUE_INVALID' })
      expect(await s.get('word')).toBe('seven')
      await s.set('obj', { value: 1 })
      await expect(s.increment('obj')).rejects.toMatchObject({ code: 'STORAGE_VALUE_INVALID' })
      expect(await s.get('obj')).toEqual({ value: 1 })
      await expect(s.increment('n', Number.NaN)).rejects.toMatchObject({ code: 'STORAGE_VALUE_INVALID' })
      await expect(s.increment('n', Number.POSITIVE_INFINITY)).rejects.toMatchObject({
        code: 'STORAGE_VALUE_INVALID',
      })
      await expect(s.increment('n', 1, { ttl: -5 })).rejects.toMatchObject({ code: 'STORAGE_VALUE_INVALID' })
      expect(await s.get('n')).toBe(42)
    })

    it('increment with ttl sets the expiry; without ttl the key keeps it; an expired key starts over', async () => {
      const s = fresh()
      expect(await s.increment('window', 1, { ttl: 150 })).toBe(1)
      expect(await s.increment('window')).toBe(2)
      expect(await s.increment('forever')).toBe(1)
      await wait(250)
      expect(await s.get('window')).toBeUndefined()
      expect(await s.get('forever')).toBe(1)
      expect(await s.increment('window', 5)).toBe(5)
      // ...and the restarted key has no expiry any more.
      await wait(200)
      expect(await s.get('window')).toBe(5)
      // ttl refreshes: each call pushes the expiry out again.
      await s.increment('slide', 1, { ttl: 1000 })
      await wait(600)
      await s.increment('slide', 1, { ttl: 1000 })
      await wait(600)
      expect(await s.get('slide')).toBe(2)
    })

    it('200 concurrent increments: the total is exact and every caller saw its own value', async () => {
      const s = fresh()
      const seen = await Promise.all(range(200).map(() => s.increment('hits')))
      expect(await s.get('hits')).toBe(200)
      expect([...seen].sort((a, b) => a - b)).toEqual(range(200).map((i) => i + 1))
    })

    it('update creates, changes and (returning undefined) deletes a key, resolving to the new value', async () => {
      const s = fresh()
      expect(await s.update<string[]>('list', (list = []) => [...list, 'a'])).toEqual(['a'])
      expect(await s.update<string[]>('list', (list = []) => [...list, ':b'])).toEqual(['a', ':b'])
      expect(await s.get('list')).toEqual(['a', ':b'])
      expect(await s.update('list', () => undefined)).toBeUndefined()
      expect(await s.has('list')).toBe(false)
      expect(await s.update('never', () => undefined)).toBeUndefined()
      expect(await s.has('never')).toBe(false)
      await s.set('n', 1)
      expect(await s.update<number>('n', (v = 0) => v + 1)).toBe(2)
      expect(await s.increment('n')).toBe(3)
    })

    it('200 concurrent updates of one list lose nothing', async () => {
      const s = fresh()
      await Promise.all(range(200).map((i) => s.update<number[]>('list', (list = []) => [...list, i])))
      const list = (await s.get<number[]>('list')) ?? []
      expect([...list].sort((a, b) => a - b)).toEqual(range(200))
    })

    it('update retries when another writer changed the key between its read and its write', async () => {
      const s = fresh()
      await s.set('doc', { n: 1 })
      const seen: unknown[] = []
      const result = await s.update<{ n: number }>('doc', async (doc) => {
        seen.push(doc)
        // A plain write by someone else, after update read the key and before it writes.
        if (seen.length === 1) await s.set('doc', { n: 10 })
        return { n: (doc?.n ?? 0) + 1 }
      })
      expect(seen).toEqual([{ n: 1 }, { n: 10 }])
      expect(result).toEqual({ n: 11 })
      expect(await s.get('doc')).toEqual({ n: 11 })
    })

    it('update with ttl sets the expiry; an unchanged value writes nothing and keeps the expiry', async () => {
      const s = fresh()
      await s.update<number>('k', () => 1, { ttl: 150 })
      expect(await s.get('k')).toBe(1)
      await s.update<number>('kept', () => 7, { ttl: 150 })
      // The same value again: no write, so the ttl given here does not push the expiry out.
      await s.update<number>('kept', (v) => v, { ttl: 60_000 })
      await s.set('plain', 'x', 150)
      // A changed value without ttl keeps the expiry the key had.
      await s.update<string>('plain', (v) => `${v}y`)
      expect(await s.get('plain')).toBe('xy')
      await wait(250)
      expect(await s.get('k')).toBeUndefined()
      expect(await s.get('kept')).toBeUndefined()
      expect(await s.get('plain')).toBeUndefined()
      expect(await s.update<number>('k', (v) => (v ?? 0) + 1)).toBe(1)
    })

    it('update rejects with what fn threw, or with STORAGE_VALUE_INVALID for a value JSON cannot hold; the key is unchanged', async () => {
      const s = fresh()
      await s.set('k', 'before')
      await expect(
        s.update('k', () => {
          throw new Error('nope')
        }),
      ).rejects.toThrow('nope')
      await expect(s.update('k', () => 10n as unknown as string)).rejects.toMatchObject({
        code: 'STORAGE_VALUE_INVALID',
      })
      expect(await s.get('k')).toBe('before')
      // The queue of the key is free again.
      expect(await s.update<string>('k', () => 'after')).toBe('after')
    })

    it('list returns the keys under a prefix, sorted, literally (no wildcards), case-sensitively, live only', async () => {
      const s = fresh()
      const neighbour = backend.namespace(`t${n}x`)
      await neighbour.set('a1', 'not mine')
      for (const [key, value] of [
        ['a1', 1],
        ['A1', 2],
        ['a2', { deep: [':x'] }],
        ['a*', 3],
        ['a%', 4],
        ['a_', 5],
        ['a?', 6],
        ['a[', 7],
        ['a\\', 8],
        ['b', 9],
      ] as const) {
        await s.set(key, value)
      }
      await s.set('a-gone', 0, 50)
      await wait(120)
      expect(await s.list('a')).toEqual([
        ['a%', 4],
        ['a*', 3],
        ['a1', 1],
        ['a2', { deep: [':x'] }],
        ['a?', 6],
        ['a[', 7],
        ['a\\', 8],
        ['a_', 5],
      ])
      expect(await s.list('a*')).toEqual([['a*', 3]])
      expect(await s.list('a%')).toEqual([['a%', 4]])
      expect(await s.list('a_')).toEqual([['a_', 5]])
      expect(await s.list('a?')).toEqual([['a?', 6]])
      expect(await s.list('a[')).toEqual([['a[', 7]])
      expect(await s.list('a\\')).toEqual([['a\\', 8]])
      expect(await s.list('A')).toEqual([['A1', 2]])
      expect(await s.list('zzz')).toEqual([])
      const all = await s.list()
      expect(all.map(([key]) => key)).toEqual(['A1', 'a%', 'a*', 'a1', 'a2', 'a?', 'a[', 'a\\', 'a_', 'b'])
      const entries: [string, unknown][] = []
      for await (const entry of s.entries()) entries.push(entry)
      expect(entries.sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(all)
    })

    it('list pages through many keys', async () => {
      const s = fresh()
      await Promise.all(range(1200).map((i) => s.set(`many:${String(i).padStart(4, '0')}`, i)))
      const listed = await s.list<number>('many:')
      expect(listed.length).toBe(1200)
      expect(listed.map(([, v]) => v)).toEqual(range(1200))
      await s.clear()
      expect(await s.list()).toEqual([])
    })

    it('locks.run runs one holder of a key at a time, in order, and returns what fn returned', async () => {
      const locks = backend.locks(`t${++n}`)
      let holders = 0
      let most = 0
      const order: number[] = []
      const results = await Promise.all(
        range(20).map((i) =>
          locks.run('k', async () => {
            holders++
            most = Math.max(most, holders)
            await wait(2)
            order.push(i)
            holders--
            return i * 2
          }),
        ),
      )
      expect(most).toBe(1)
      expect(results).toEqual(range(20).map((i) => i * 2))
      expect(order).toEqual(range(20))
    })

    it('locks on other keys or other namespaces do not wait for each other', async () => {
      const name = `t${++n}`
      const locks = backend.locks(name)
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const first = locks.run('a', () => gate)
      // Both would time out if they waited for "a".
      await locks.run('b', async () => undefined, { waitMs: 2000 })
      await backend.locks(`${name}x`).run('a', async () => undefined, { waitMs: 2000 })
      release()
      await first
    })

    it('a lock not obtained within waitMs rejects with LOCK_TIMEOUT; the queue keeps working', async () => {
      const locks = backend.locks(`t${++n}`)
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const entered: string[] = []
      const holder = locks.run('k', async () => {
        entered.push('holder')
        await gate
      })
      const impatient = locks.run('k', async () => entered.push('impatient'), { waitMs: 50 })
      const patient = locks.run('k', async () => entered.push('patient'), { waitMs: 10_000 })
      await expect(impatient).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' })
      release()
      await holder
      await patient
      expect(entered).toEqual(['holder', 'patient'])
    })

    it('fn throwing releases the lock; locking a key inside its own section times out instead of hanging', async () => {
      const locks = backend.locks(`t${++n}`)
      await expect(
        locks.run('k', async () => {
          throw new Error('inside')
        }),
      ).rejects.toThrow('inside')
      expect(await locks.run('k', async () => 'free again', { waitMs: 1000 })).toBe('free again')
      await expect(
        locks.run('k', () => locks.run('k', async () => 1, { waitMs: 100 })),
      ).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      })
      expect(await locks.run('k', async () => 'still free', { waitMs: 1000 })).toBe('still free')
      await expect(locks.run('k', async () => 1, { waitMs: -1 })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
      })
    })
  })
}

atomic('memory', () => createStorage('memory'))
atomic('sqlite', () => createStorage(`sqlite:${join(dir, 'atomic.sqlite')}`))

const hasRedis = integration('redis-server', 'core redis storage (atomic operations)')
describe.skipIf(!hasRedis)('redis', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  atomic('redis', () => createStorage(redis.url))
})

describe('update gives up', () => {
  it('after a bounded number of conflicts, with STORAGE_CONFLICT naming the key', async () => {
    const backend = await createStorage('memory')
    const s = backend.namespace('busy')
    let calls = 0
    const error = await s
      .update<number>('hot', async () => {
        calls++
        // Someone else writes every time, so the compare-and-swap never succeeds.
        await s.set('hot', calls)
        return -1
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORAGE_CONFLICT' })
    expect((error as Error).message).toContain('"hot"')
    expect(calls).toBeGreaterThan(1)
    expect(await s.get('hot')).toBe(calls)
    await backend.close()
  })
})
