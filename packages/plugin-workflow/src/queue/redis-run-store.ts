import type { Redis } from 'ioredis'
import type { Admission, AdmitPolicy, RunStore } from './run-store.js'

const RECENT_CAP = 1000

// KEYS: active set, waiting zset, sequence. ARGV: run id, limit, max waiting, evict (1/0).
// Returns { outcome, ...evicted }.
const ADMIT = `
local evicted = {}
if ARGV[4] == '1' then
  evicted = redis.call('SMEMBERS', KEYS[1])
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do table.insert(evicted, id) end
  redis.call('DEL', KEYS[1], KEYS[2])
end
local out = 'full'
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  out = 'start'
elseif redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('SADD', KEYS[1], ARGV[1])
  out = 'start'
elseif redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
  out = 'wait'
end
table.insert(evicted, 1, out)
return evicted
`

// KEYS: active set, waiting zset. ARGV: run id, limit. Returns the promoted run id or false.
const RELEASE = `
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then
  local next = redis.call('ZPOPMIN', KEYS[2])
  if next[1] then
    redis.call('SADD', KEYS[1], next[1])
    return next[1]
  end
end
return false
`

// KEYS: claim key. ARGV: run id. Deletes the claim only when this run holds it.
const UNCLAIM = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

interface ScriptedRedis {
  wfAdmit(active: string, waiting: string, seq: string, ...args: (string | number)[]): Promise<string[]>
  wfRelease(active: string, waiting: string, ...args: (string | number)[]): Promise<string | null>
  wfUnclaim(key: string, runId: string): Promise<number>
}

/**
 * The {@link RunStore} of the bullmq driver, in Redis next to the queue. Slots and claims change
 * atomically through small Lua scripts, so any number of bot and worker processes share them.
 */
export class RedisRunStore implements RunStore {
  readonly #redis: Redis & ScriptedRedis
  readonly #prefix: string
  readonly #maxRuns: number

  /**
   * @param prefix Key prefix, e.g. `banter:workflows`.
   * @param maxRuns Finished run records kept at most (Redis expires them after their time to live too).
   */
  constructor(redis: Redis, prefix: string, maxRuns = 1000) {
    this.#maxRuns = Math.max(1, maxRuns)
    redis.defineCommand('wfAdmit', { numberOfKeys: 3, lua: ADMIT })
    redis.defineCommand('wfRelease', { numberOfKeys: 2, lua: RELEASE })
    redis.defineCommand('wfUnclaim', { numberOfKeys: 1, lua: UNCLAIM })
    this.#redis = redis as Redis & ScriptedRedis
    this.#prefix = `${prefix}:wf:`
  }

  #key(...parts: string[]): string {
    return this.#prefix + parts.join(':')
  }

  async get<Value>(runId: string): Promise<Value | undefined> {
    const text = await this.#redis.get(this.#key('run', runId))
    return text === null ? undefined : (JSON.parse(text) as Value)
  }

  async put(runId: string, record: unknown, ttlMs?: number): Promise<void> {
    const key = this.#key('run', runId)
    const text = JSON.stringify(record)
    const finished = this.#key('finished')
    if (ttlMs === undefined) {
      await this.#redis.multi().set(key, text).zrem(finished, runId).exec()
      return
    }
    const replies = await this.#redis
      .multi()
      .set(key, text, 'PX', Math.max(1, Math.round(ttlMs)))
      .zadd(finished, Date.now(), runId)
      .zcard(finished)
      .exec()
    const count = Number(replies?.[2]?.[1] ?? 0)
    if (count <= this.#maxRuns) return
    // Over the cap: drop the oldest finished runs (any process may do it; a run dropped twice is fine).
    const popped = await this.#redis.zpopmin(finished, count - this.#maxRuns)
    const ids = popped.filter((_member, index) => index % 2 === 0)
    if (ids.length > 0)
      await this.#redis.del(...ids.flatMap((id) => [this.#key('run', id), this.#key('cancel', id)]))
  }

  async remember(runId: string, at: number): Promise<void> {
    const key = this.#key('recent')
    await this.#redis
      .multi()
      .zadd(key, at, runId)
      .zremrangebyrank(key, 0, -RECENT_CAP - 1)
      .exec()
  }

  async recent(limit: number): Promise<string[]> {
    return this.#redis.zrevrange(this.#key('recent'), 0, limit - 1)
  }

  async claim(key: string, runId: string, ttlMs: number): Promise<string | undefined> {
    const redisKey = this.#key('claim', key)
    const ok = await this.#redis.set(redisKey, runId, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')
    if (ok === 'OK') return undefined
    return (await this.#redis.get(redisKey)) ?? undefined
  }

  async unclaim(key: string, runId: string): Promise<void> {
    await this.#redis.wfUnclaim(this.#key('claim', key), runId)
  }

  async admit(workflowId: string, runId: string, policy: AdmitPolicy): Promise<Admission> {
    const [outcome, ...evicted] = await this.#redis.wfAdmit(
      this.#key('active', workflowId),
      this.#key('waiting', workflowId),
      this.#key('seq', workflowId),
      runId,
      policy.limit,
      policy.maxWaiting,
      policy.evict ? '1' : '0',
    )
    return { outcome: outcome as Admission['outcome'], evicted }
  }

  async release(workflowId: string, runId: string, limit: number): Promise<string | undefined> {
    const next = await this.#redis.wfRelease(
      this.#key('active', workflowId),
      this.#key('waiting', workflowId),
      runId,
      limit,
    )
    return next ?? undefined
  }

  async slots(workflowId: string): Promise<{ active: string[]; waiting: string[] }> {
    const [active, waiting] = await Promise.all([
      this.#redis.smembers(this.#key('active', workflowId)),
      this.#redis.zrange(this.#key('waiting', workflowId), 0, -1),
    ])
    return { active, waiting }
  }

  async requestCancel(runId: string, ttlMs: number): Promise<void> {
    await this.#redis.set(this.#key('cancel', runId), '1', 'PX', Math.max(1, Math.round(ttlMs)))
  }

  async cancelRequested(runId: string): Promise<boolean> {
    return (await this.#redis.exists(this.#key('cancel', runId))) === 1
  }
}
