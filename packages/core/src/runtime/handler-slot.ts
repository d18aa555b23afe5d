/** What kind of handler a {@link HandlerSlot} belongs to. */
export type HandlerKind = 'hook' | 'listener' | 'command' | 'route' | 'timer' | 'lifecycle'

/**
 * One handler's own failure record: every pipeline hook, listener, command, route and timer has one.
 * The circuit breaker counts failures in a row per handler, so a command that always throws is
 * switched off alone while the plugin's other handlers keep working.
 */
export class HandlerSlot {
  /** Failures in a row; reset by a success. */
  failures = 0
  /** Set once the breaker switched this handler off. */
  disabled = false

  /**
   * @param label - what logs and `plugins list` call it: `command:remind`, `message.received`, `timer`
   * @param kind - the kind of handler
   * @param switchOff - removes the handler when the breaker trips (commands leave `!help`)
   */
  constructor(
    readonly label: string,
    readonly kind: HandlerKind,
    readonly switchOff?: () => void,
  ) {}
}

/** The slot of calls that have no handler of their own (`initialize`, `destroy`, `run`, background work). */
export function lifecycleSlot(label: string): HandlerSlot {
  return new HandlerSlot(label, 'lifecycle')
}
