import type { GuardedOwner } from '../runtime/guard.js'
import type { SlotSource } from '../runtime/handler-slot.js'

/**
 * One asynchronous listener call of an emit, held by that emit's {@link FanOut}: who made it, when
 * it must end, and whether it did. Smaller than a pipeline hook's `PendingCall`: the fan-out, not
 * the watchdog, watches it, and the fan-out's own promise is the only one made for the emit.
 */
export class ListenerCall {
  /** The next call of the same fan-out (a singly linked list: no array per emit). */
  next: ListenerCall | undefined = undefined
  /** The call ended: a value, a failure or a timeout. */
  settled = false

  constructor(
    readonly owner: GuardedOwner,
    readonly fn: unknown,
    readonly slot: SlotSource,
    /** When its latency clock started (`performance.now()`), or 0 when it is not sampled. */
    readonly started: number,
    readonly timeoutMs: number,
    /** Deadline on the watchdog's real-time scale. */
    readonly deadline: number,
  ) {}
}
