import type { GuardedOwner } from '../runtime/guard.js'
import type { SlotSource } from '../runtime/handler-slot.js'

/**
 * One asynchronous listener call of an emit, held by that emit's {@link FanOut}: who made it, how
 * long it may take, and whether it ended. Smaller than a pipeline hook's `PendingCall`: the fan-out, not
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
    /** When its latency clock started, when sampled (`Guard.begin`). */
    readonly started: number | undefined,
    /** Its timeout; its deadline is the fan-out's start plus this. */
    readonly timeoutMs: number,
  ) {}
}
