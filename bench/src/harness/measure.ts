import { performance } from 'node:perf_hooks'

/** Something a benchmark calls once per message. */
export interface Driver {
  /**
   * `sync`: `call()` finishes its work before returning (a plain loop calls it back to back).
   * `async`: `call()` returns a promise that the loop awaits before the next message (one in flight).
   */
  readonly kind: 'sync' | 'async'
  /** Handles one message. */
  call(): unknown
  /** Releases what setup created (bots, servers). */
  stop?(): Promise<void> | void
}

/** Timing windows of one measurement. */
export interface Window {
  /** Warm-up before measuring, in milliseconds (lets the JIT settle). */
  readonly warmMs: number
  /** Measuring window, in milliseconds. */
  readonly measureMs: number
}

async function runBatch(driver: Driver, size: number): Promise<void> {
  if (driver.kind === 'sync') {
    for (let i = 0; i < size; i++) driver.call()
    return
  }
  for (let i = 0; i < size; i++) await driver.call()
}

/** A batch size such that one batch takes about `targetMs`. */
async function calibrate(driver: Driver, targetMs: number): Promise<number> {
  let size = 1
  for (;;) {
    const started = performance.now()
    await runBatch(driver, size)
    const elapsed = performance.now() - started
    if (elapsed >= targetMs || size >= 1 << 24) return size
    size = elapsed < targetMs / 8 ? size * 8 : size * 2
  }
}

/** Messages per second: warm up, then count messages handled in the window. */
export async function throughput(driver: Driver, window: Window): Promise<number> {
  const size = await calibrate(driver, 2)
  const warmEnd = performance.now() + window.warmMs
  while (performance.now() < warmEnd) await runBatch(driver, size)
  let count = 0
  const started = performance.now()
  let elapsed = 0
  do {
    await runBatch(driver, size)
    count += size
    elapsed = performance.now() - started
  } while (elapsed < window.measureMs)
  return (count / elapsed) * 1000
}

/** Latency percentiles of one message at a time, in microseconds. */
export interface Latency {
  readonly p50: number
  readonly p99: number
  readonly samples: number
}

/** Times each message separately (after a warm-up) and returns p50 and p99. */
export async function latency(driver: Driver, window: Window): Promise<Latency> {
  const warmEnd = performance.now() + window.warmMs
  while (performance.now() < warmEnd) await runBatch(driver, 64)
  const samples: number[] = []
  const end = performance.now() + window.measureMs
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) {
      const started = performance.now()
      if (driver.kind === 'sync') driver.call()
      else await driver.call()
      samples.push(performance.now() - started)
    }
  }
  samples.sort((a, b) => a - b)
  const at = (q: number) =>
    (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0) * 1000
  return { p50: at(0.5), p99: at(0.99), samples: samples.length }
}
