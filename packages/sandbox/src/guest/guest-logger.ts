import type { Logger } from '@banter/core'
import { plainData } from '../wire/plain-data.js'
import type { GuestChannel } from './guest-channel.js'

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const
type Level = keyof typeof LEVELS

function describeError(error: Error): Record<string, unknown> {
  return { type: error.name, message: error.message, stack: error.stack }
}

/**
 * A pino-shaped logger whose lines go to the plugin's child logger on the host. Disabled levels cost
 * one comparison: the host's level comes with the start of the plugin.
 */
export function guestLogger(
  channel: GuestChannel,
  level: string,
  bindings: Record<string, unknown> = {},
): Logger {
  const threshold = (LEVELS as Record<string, number>)[level] ?? (level === 'silent' ? Infinity : 30)
  const write = (name: Level) =>
    function log(first?: unknown, ...rest: unknown[]): void {
      if (LEVELS[name] < threshold) return
      let object: Record<string, unknown> = bindings
      let text: unknown[] = rest
      if (first instanceof Error) object = { ...bindings, err: describeError(first) }
      else if (typeof first === 'object' && first !== null) {
        const data = plainData(first) as Record<string, unknown>
        const err = (first as { err?: unknown }).err
        object = { ...bindings, ...data, ...(err instanceof Error ? { err: describeError(err) } : {}) }
      } else text = [first, ...rest]
      const message = text.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')
      channel.log(name, object, message)
    }
  const logger = {
    level,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    silent: () => {},
    isLevelEnabled: (name: string) => ((LEVELS as Record<string, number>)[name] ?? 0) >= threshold,
    child: (more: Record<string, unknown>) =>
      guestLogger(channel, level, { ...bindings, ...(plainData(more) as object) }),
    bindings: () => bindings,
  }
  return logger as unknown as Logger
}
