import { readdirSync } from 'node:fs'

/** One sample of the process, taken after a full garbage collection. */
export interface SoakSample {
  /** Seconds since traffic started. */
  readonly t: number
  /** Heap used after `gc()`, in bytes. */
  readonly heapUsed: number
  /** Resident set size, in bytes. */
  readonly rss: number
  /** Active handles and requests (`process.getActiveResourcesInfo()`), timers included. */
  readonly handles: number
  /** Open file descriptors (`/proc/self/fd`; -1 where there is none). */
  readonly fds: number
  /** Messages the bot finished so far. */
  readonly messages: number
}

/** Counts the process's open file descriptors (Linux), -1 elsewhere. */
export function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return -1
  }
}

/** Takes a sample (collecting garbage first when the process runs with `--expose-gc`). */
export function sample(t: number, messages: number): SoakSample {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return {
    t,
    heapUsed: process.memoryUsage().heapUsed,
    rss: process.memoryUsage.rss(),
    handles: process.getActiveResourcesInfo().length,
    fds: openFds(),
    messages,
  }
}
