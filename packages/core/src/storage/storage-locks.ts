import { randomUUID } from 'node:crypto'
import { BanterError } from '../errors/banter-error.js'
import { jitteredDelay, sleep } from './backoff.js'
import type { KeyedMutex } from './keyed-mutex.js'
import type { LockOptions, PluginLocks } from './plugin-locks.js'
import type { LeaseStore } from './storage-driver.js'
import { type StorageTarget, wrap } from './storage-errors.js'

const DEFAULT_TTL_MS = 30_000
const DEFAULT_WAIT_MS = 10_000
/** Longest pause between two tries at a lease another process holds. */
const POLL_CAP_MS = 50

const neverAborted = new AbortController().signal

/**
 * One namespace's {@link PluginLocks}. A lock is taken in two steps: first the in-process queue of
 * the key (so callers in this process wait in order, without polling the store), then, with SQLite or
 * Redis storage, a lease in the store that other processes respect, polled with jittered backoff until
 * `waitMs` runs out. The lease is renewed every third of its TTL while `fn` runs and released after.
 *
 * @internal
 */
export class StorageLocks implements PluginLocks {
  readonly #name: string
  readonly #mutex: KeyedMutex
  readonly #leases: LeaseStore | undefined
  readonly #target: StorageTarget

  constructor(name: string, mutex: KeyedMutex, leases: LeaseStore | undefined, target: StorageTarget) {
    this.#name = name
    this.#mutex = mutex
    this.#leases = leases
    this.#target = target
  }

  async run<Result>(
    key: string,
    fn: (signal: AbortSignal) => Promise<Result> | Result,
    options: LockOptions = {},
  ): Promise<Result> {
    const ttlMs = this.#number('ttlMs', options.ttlMs ?? DEFAULT_TTL_MS, 1)
    const waitMs = this.#number('waitMs', options.waitMs ?? DEFAULT_WAIT_MS, 0)
    const name = `${this.#name}:${key}`
    const deadline = Date.now() + waitMs
    return this.#mutex.run(
      name,
      waitMs,
      () => this.#timeout(key, waitMs),
      async () => {
        const leases = this.#leases
        if (leases === undefined) return fn(neverAborted)
        const token = randomUUID()
        for (
          let attempt = 0;
          !(await wrap(this.#target, () => leases.acquire(name, token, ttlMs)));
          attempt++
        ) {
          const left = deadline - Date.now()
          if (left <= 0) throw this.#timeout(key, waitMs)
          await sleep(Math.min(left, jitteredDelay(attempt, 2, POLL_CAP_MS)))
        }
        const lost = new AbortController()
        let renewed = Date.now()
        const renewal = setInterval(
          () => {
            leases.renew(name, token, ttlMs).then(
              (held) => {
                if (held) renewed = Date.now()
                else this.#lose(lost, key, 'another holder took it after it expired')
              },
              (error: unknown) => {
                if (Date.now() - renewed >= ttlMs)
                  this.#lose(
                    lost,
                    key,
                    `it could not be renewed for ${ttlMs} ms: ${(error as Error).message}`,
                  )
              },
            )
          },
          Math.max(1, Math.floor(ttlMs / 3)),
        )
        renewal.unref()
        try {
          return await fn(lost.signal)
        } finally {
          clearInterval(renewal)
          // A release that fails leaves the lease to expire after its TTL.
          await leases.release(name, token).catch(() => undefined)
        }
      },
    )
  }

  #lose(controller: AbortController, key: string, why: string): void {
    if (controller.signal.aborted) return
    controller.abort(
      new BanterError('LOCK_LOST', `the lock "${key}" of "${this.#name}" was lost while held: ${why}`, {
        plugin: this.#name,
      }),
    )
  }

  #timeout(key: string, waitMs: number): BanterError {
    return new BanterError(
      'LOCK_TIMEOUT',
      `locks.run("${key}") of "${this.#name}" did not get the lock within ${waitMs} ms: another holder kept it`,
      { plugin: this.#name, details: { key, waitMs } },
    )
  }

  #number(option: string, value: number, min: number): number {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value
    throw new BanterError(
      'CONFIG_INVALID',
      `locks.run of "${this.#name}": ${option} must be a number of milliseconds ≥ ${min}, got ${String(value)}`,
    )
  }
}
