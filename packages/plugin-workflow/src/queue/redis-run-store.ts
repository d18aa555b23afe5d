import type { Redis } from 'ioredis'
import { ADMIT, CLOSE, OPEN, RELEASE, SAVE, UNCLAIM } from './redis-run-scripts.js'
import type { Admission, AdmitPolicy, NewRun, Opening, RunStore, SlotRelease } from './run-store.js'

const RECENT_CAP = 1000

interface ScriptedRedis {
  wfAdmit(active: string, waiting: string, seq: string, ...args: (string | number)[]): Promise<string[]>
  wfRelease(active: string, waiting: string, ...args: (string | number)[]): Promise<string | null>
  wfUnclaim(key: string, runId: string): Promise<number>
  wfOpen(...args: string[]): Promise<string[]>
  wfSave(record: string, finished: string, cancel: string, runId: string, text: string): Promise<number>
  wfClose(...args: string[]): Promise<string | null>
}

/**
 * The {@link RunStore} of the bullmq driver, in Redis next to the queue. Slots and claims change
 * atomically through small Lua scripts, so any number of bot and worker processes share them.
 */
export class RedisRunStore implements RunStore {
  readonly #redis: Redis & ScriptedRedis
  readonly #maxRuns: string
  // Keys and key prefixes, made once (a run's commands name five to six keys).
  readonly #run: string
  readonly #cancel: string
  readonly #claim: string
  readonly #active: string
  readonly #waiting: string
  readonly #seq: string
  readonly #recent: string
  readonly #finished: string

  /**
   * @param prefix Key prefix, e.g. `banter:workflows`.
   * @param maxRuns Finished run records kept at most (Redis expires them after their time to live too).
   */
  constructor(redis: Redis, prefix: string, maxRuns = 1000) {
    this.#maxRuns = String(Math.max(1, maxRuns))
    redis.defineCommand('wfAdmit', { numberOfKeys: 3, lua: ADMIT })
    redis.defineCommand('wfRelease', { numberOfKeys: 2, lua: RELEASE })
    redis.defineCommand('wfUnclaim', { numberOfKeys: 1, lua: UNCLAIM })
    redis.defineCommand('wfOpen', { numberOfKeys: 6, lua: OPEN })
    redis.defineCommand('wfSave', { numberOfKeys: 3, lua: SAVE })
    redis.defineCommand('wfClose', { numberOfKeys: 4, lua: CLOSE })
    this.#redis = redis as Redis & ScriptedRedis
    const base = `${prefix}:wf:`
    this.#run = `${base}run:`
    this.#cancel = `${base}cancel:`
    this.#claim = `${base}claim:`
    this.#active = `${base}active:`
    this.#waiting = `${base}waiting:`
    this.#seq = `${base}seq:`
    this.#recent = `${base}recent`
    this.#finished = `${base}finished`
  }

  async get<Value>(runId: string): Promise<Value | undefined> {
    const text = await this.#redis.get(this.#run + runId)
    return text === null ? undefined : (JSON.parse(text) as Value)
  }

  async put(runId: string, record: unknown, ttlMs?: number): Promise<void> {
    if (ttlMs === undefined) await this.save(runId, record)
    else await this.close(runId, record, ttlMs)
  }

  async open(run: NewRun): Promise<Opening> {
    const [outcome, ...rest] = await this.#redis.wfOpen(
      this.#run + run.runId,
      this.#active + run.workflowId,
      this.#waiting + run.workflowId,
      this.#seq + run.workflowId,
      this.#recent,
      this.#claim + (run.claim?.key ?? ''),
      run.runId,
      JSON.stringify(run.record),
      String(run.policy.limit),
      String(run.policy.maxWaiting),
      run.policy.evict ? '1' : '0',
      String(run.at),
      String(RECENT_CAP),
      run.claim === undefined ? '' : String(Math.max(1, Math.round(run.claim.ttlMs))),
    )
    if (outcome === 'duplicate') return { outcome, evicted: [], holder: rest[0] ?? '' }
    return { outcome: outcome as Opening['outcome'], evicted: rest }
  }

  async save(runId: string, record: unknown): Promise<boolean> {
    const cancelled = await this.#redis.wfSave(
      this.#run + runId,
      this.#finished,
      this.#cancel + runId,
      runId,
      JSON.stringify(record),
    )
    return cancelled === 1
  }

  async close(
    runId: string,
    record: unknown,
    ttlMs: number,
    release?: SlotRelease,
  ): Promise<string | undefined> {
    // Over the cap, the oldest finished runs are dropped (any process may do it; twice is fine).
    const next = await this.#redis.wfClose(
      this.#run + runId,
      this.#finished,
      this.#active + (release?.workflowId ?? ''),
      this.#waiting + (release?.workflowId ?? ''),
      runId,
      JSON.stringify(record),
      String(Math.max(1, Math.round(ttlMs))),
      String(Date.now()),
      this.#maxRuns,
      this.#run,
      this.#cancel,
      release === undefined ? '' : String(release.limit),
    )
    return next ?? undefined
  }

  async remember(runId: string, at: number): Promise<void> {
    const key = this.#recent
    await this.#redis
      .multi()
      .zadd(key, at, runId)
      .zremrangebyrank(key, 0, -RECENT_CAP - 1)
      .exec()
  }

  async recent(limit: number): Promise<string[]> {
    return this.#redis.zrevrange(this.#recent, 0, limit - 1)
  }

  async claim(key: string, runId: string, ttlMs: number): Promise<string | undefined> {
    const redisKey = this.#claim + key
    const ok = await this.#redis.set(redisKey, runId, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')
    if (ok === 'OK') return undefined
    return (await this.#redis.get(redisKey)) ?? undefined
  }

  async unclaim(key: string, runId: string): Promise<void> {
    await this.#redis.wfUnclaim(this.#claim + key, runId)
  }

  async admit(workflowId: string, runId: string, policy: AdmitPolicy): Promise<Admission> {
    const [outcome, ...evicted] = await this.#redis.wfAdmit(
      this.#active + workflowId,
      this.#waiting + workflowId,
      this.#seq + workflowId,
      runId,
      policy.limit,
      policy.maxWaiting,
      policy.evict ? '1' : '0',
    )
    return { outcome: outcome as Admission['outcome'], evicted }
  }

  async release(workflowId: string, runId: string, limit: number): Promise<string | undefined> {
    const next = await this.#redis.wfRelease(
      this.#active + workflowId,
      this.#waiting + workflowId,
      runId,
      limit,
    )
    return next ?? undefined
  }

  async slots(workflowId: string): Promise<{ active: string[]; waiting: string[] }> {
    const [active, waiting] = await Promise.all([
      this.#redis.smembers(this.#active + workflowId),
      this.#redis.zrange(this.#waiting + workflowId, 0, -1),
    ])
    return { active, waiting }
  }

  async requestCancel(runId: string, ttlMs: number): Promise<void> {
    await this.#redis.set(this.#cancel + runId, '1', 'PX', Math.max(1, Math.round(ttlMs)))
  }

  async cancelRequested(runId: string): Promise<boolean> {
    return (await this.#redis.exists(this.#cancel + runId)) === 1
  }
}
