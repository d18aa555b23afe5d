/** What putting a switched-off handler back did (see {@link HandlerSlot.switchOn}). */
export type SwitchOn = 'on' | 'gone' | 'taken'

/** What kind of handler a {@link HandlerSlot} belongs to. */
export type HandlerKind = 'hook' | 'listener' | 'command' | 'route' | 'timer' | 'lifecycle'

/**
 * Where the guard finds a handler's failure record. A {@link HandlerSlot} is its own source; a group of
 * listeners makes one slot per listener on its first failure, so a listener costs no record until it
 * fails.
 */
export interface SlotSource {
  /** Non-zero while some handler of this source has failures in a row (the guard then reports a success). */
  readonly failures: number
  /** The failure record of handler `fn` (made on first use). */
  slotFor(fn: unknown): HandlerSlot
  /** Handler `fn` succeeded: its failures in a row end. */
  succeeded(fn: unknown): void
}

/**
 * One handler's own failure record: every pipeline hook, command, route and timer has one, and a
 * listener has one from its first failure on. The circuit breaker counts failures in a row per
 * handler, so a command that always throws is switched off alone while the plugin's other handlers
 * keep working.
 */
export class HandlerSlot implements SlotSource {
  /** Failures in a row; reset by a success. */
  failures = 0
  /** Set once the breaker switched this handler off (until it is switched on again). */
  disabled = false
  /** How many times the breaker switched it off (each cool-down is twice the last). */
  trips = 0

  /**
   * @param label - what logs and `plugins list` call it: `command:remind`, `message.received`, `timer`
   * @param kind - the kind of handler
   * @param switchOff - removes the handler when the breaker trips (commands leave `!help`)
   * @param switchOn - puts it back after the cool-down: `on`; `gone` when the plugin removed it
   *   meanwhile; `taken` when it cannot come back (another command took its name)
   */
  constructor(
    readonly label: string,
    readonly kind: HandlerKind,
    readonly switchOff?: () => void,
    readonly switchOn?: () => SwitchOn,
  ) {}

  /** A slot is its own record. */
  slotFor(): HandlerSlot {
    return this
  }

  /** Ends the failures in a row. */
  succeeded(): void {
    this.failures = 0
  }
}

/** The slot of calls that have no handler of their own (`initialize`, `destroy`, `run`, background work). */
export function lifecycleSlot(label: string): HandlerSlot {
  return new HandlerSlot(label, 'lifecycle')
}
