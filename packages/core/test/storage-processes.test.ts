import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createStorage } from '@banter/core'
import { integration, startRedisServer, type TestRedis } from '@banter/test-servers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

// Two separate Node processes share one store and hammer the same keys at the same moment: 500
// concurrent operations each. Atomic means the totals are exact across processes, not only within one.

const dir = mkdtempSync(join(tmpdir(), 'banter-processes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const contender = join(import.meta.dirname, 'fixtures', 'storage', 'contender.ts')
const PER_PROCESS = 500
const running = new Set<ChildProcess>()
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})

/** A contender process (run from source through tsx) and a reader of its output lines. */
function start(spec: string, operation: string, count: number, tag: string) {
  const child = spawn(
    process.execPath,
    ['--conditions=@banter/source', '--import', 'tsx', contender, spec, operation, String(count), tag],
    { cwd: join(import.meta.dirname, '..'), stdio: ['pipe', 'pipe', 'pipe'] },
  )
  running.add(child)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const lines: string[] = []
  const waiting: ((line: string) => void)[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else lines.push(line)
  })
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`contender ${tag} exited (${code}) early:\n${stderr}`))),
  )
  const line = () =>
    Promise.race([
      new Promise<string>((resolve) => {
        const ready = lines.shift()
        if (ready === undefined) waiting.push(resolve)
        else resolve(ready)
      }),
      exited,
    ])
  return { child, line }
}

/** Runs `operation` in two processes at once, released together; resolves to each one's result. */
async function contest(spec: string, operation: string): Promise<unknown[]> {
  const both = ['a', 'b'].map((tag) => start(spec, operation, PER_PROCESS, tag))
  expect(await Promise.all(both.map((c) => c.line()))).toEqual(['ready', 'ready'])
  for (const c of both) c.child.stdin?.end('go\n')
  return (await Promise.all(both.map((c) => c.line()))).map((line) => JSON.parse(line) as unknown)
}

function shared(kind: string, spec: () => string) {
  // Process start-up (tsx compiles the sources) dominates; on a busy machine it takes a while.
  describe(`two processes sharing one ${kind} store`, { timeout: 120_000 }, () => {
    it('1,000 concurrent increments (500 per process): the total is exact, every value handed out once', async () => {
      const [a, b] = (await contest(spec(), 'increment')) as [number[], number[]]
      expect(a).toHaveLength(PER_PROCESS)
      expect(b).toHaveLength(PER_PROCESS)
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
      const backend = await createStorage(spec())
      expect(await backend.namespace('contest').get('counter')).toBe(1000)
      await backend.close()
    })

    it('1,000 concurrent updates of one shared list: no update is lost', async () => {
      expect(await contest(spec(), 'update')).toEqual([PER_PROCESS, PER_PROCESS])
      const backend = await createStorage(spec())
      const list = (await backend.namespace('contest').get<string[]>('list')) ?? []
      const expected = ['a', 'b'].flatMap((tag) =>
        Array.from({ length: PER_PROCESS }, (_, i) => `${tag}-${i}`),
      )
      expect([...list].sort()).toEqual(expected.sort())
      await backend.close()
    })

    it('1,000 concurrent locks.run on one key: never two holders, and an unguarded get-then-set loses nothing', async () => {
      // Each result is the most holders that process ever saw inside the section.
      expect(await contest(spec(), 'lock')).toEqual([1, 1])
      const backend = await createStorage(spec())
      const storage = backend.namespace('contest')
      expect(await storage.get('plain')).toBe(1000)
      expect(await storage.get('holders')).toBe(0)
      await backend.close()
    })

    it('a lock held by a process that was killed frees itself after its TTL', async () => {
      const holder = start(spec(), 'hold', 1500, 'holder')
      expect(await holder.line()).toBe('ready')
      holder.child.stdin?.end('go\n')
      expect(await holder.line()).toBe('"held"')
      const backend = await createStorage(spec())
      const locks = backend.locks('contest')
      await expect(locks.run('section', async () => 'mine', { waitMs: 100 })).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      })
      holder.child.kill('SIGKILL')
      expect(await locks.run('section', async () => 'mine', { waitMs: 10_000 })).toBe('mine')
      await backend.close()
    })
  })
}

shared('SQLite', () => `sqlite:${join(dir, 'shared.sqlite')}`)

const hasRedis = integration('redis-server', 'core redis storage (two processes)')
describe.skipIf(!hasRedis)('redis', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  shared('Redis', () => redis.url)
})
