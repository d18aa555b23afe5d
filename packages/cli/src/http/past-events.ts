import type { Bot, BotEvents } from '@banter/core'

/** The events the metrics count ({@link createMetrics}). */
export const COUNTED_EVENTS = ['command.executed', 'plugin.error'] as const

/** A counted event that happened before the metrics existed. */
export type PastEvent = {
  [Name in (typeof COUNTED_EVENTS)[number]]: { readonly name: Name; readonly payload: BotEvents[Name] }
}[(typeof COUNTED_EVENTS)[number]]

/** What {@link recordPastEvents} returns. */
export interface PastEvents {
  /** The events recorded so far, oldest first (at most `max`). */
  readonly events: readonly PastEvent[]
  /** Stops recording. */
  stop(): void
}

/**
 * Records the events the metrics count, while the HTTP server (and with it prom-client) is not
 * loaded yet, so that failures during start-up are counted once it is. Keeps the first `max`.
 */
export function recordPastEvents(bot: Bot, max = 1000): PastEvents {
  const events: PastEvent[] = []
  const keep = (event: PastEvent) => {
    if (events.length < max) events.push(event)
  }
  const stops = [
    bot.events.on('command.executed', (payload) => keep({ name: 'command.executed', payload })),
    bot.events.on('plugin.error', (payload) => keep({ name: 'plugin.error', payload })),
  ]
  return {
    events,
    stop: () => {
      for (const stop of stops) stop()
    },
  }
}
