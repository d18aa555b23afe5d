import { BasePlugin, type OutgoingMessage, type PluginContext, type PluginManifest } from '@banter/core'
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns/format'
import { type ResolvedTimestampOptions, timestampOptionsSchema } from './options.js'

/**
 * Stamps every outgoing message (and every edit) with the time, by default as
 * `[2026-11-22 09:30:00] pong`.
 */
export class TimestampPlugin extends BasePlugin<ResolvedTimestampOptions> {
  static manifest = {
    name: 'timestamp',
    version: '0.1.0',
    description: 'Stamps outgoing messages with the time',
    permissions: ['messages:transform'],
  } satisfies PluginManifest

  static configSchema = timestampOptionsSchema

  #channels: ReadonlySet<string> | undefined
  #last: { second: number; pattern: string; timeZone: string; text: string } | undefined

  override initialize(ctx: PluginContext<ResolvedTimestampOptions>): void {
    this.onConfigChange(ctx.config)
  }

  /** Takes new options at run time: format, time zone and position are read per message. */
  override onConfigChange(next: ResolvedTimestampOptions): void {
    this.#channels = next.channels ? new Set(next.channels) : undefined
  }

  /** The stamp for an instant, in the configured format and time zone (or those of `config`). */
  stamp(at: number, config: ResolvedTimestampOptions = this.ctx.config): string {
    const { format: pattern, timeZone } = config
    // Formatting costs tens of microseconds: messages within one second share the last stamp, unless
    // the format shows fractions of a second (S) or the epoch in milliseconds (T).
    const second = Math.floor(at / 1000)
    const last = this.#last
    if (last?.second === second && last.pattern === pattern && last.timeZone === timeZone) return last.text
    const text = `[${format(new TZDate(at, timeZone), pattern)}]`
    if (!/[ST]/.test(pattern)) this.#last = { second, pattern, timeZone, text }
    return text
  }

  override onMessageSent(message: OutgoingMessage): OutgoingMessage | undefined {
    // The options in force in the message's guild and channel (scopes), the bot-wide ones elsewhere.
    const config = this.ctx.configFor(message)
    const channels = config === this.ctx.config ? this.#channels : config.channels && new Set(config.channels)
    if (channels && !channels.has(message.channelId)) return undefined
    const stamp = this.stamp(this.ctx.timers.now(), config)
    const content =
      config.position === 'prefix' ? `${stamp} ${message.content}` : `${message.content} ${stamp}`
    return { ...message, content }
  }
}
