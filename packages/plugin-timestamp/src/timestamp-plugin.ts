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

  override initialize(ctx: PluginContext<ResolvedTimestampOptions>): void {
    this.onConfigChange(ctx.config)
  }

  /** Takes new options at run time: format, time zone and position are read per message. */
  override onConfigChange(next: ResolvedTimestampOptions): void {
    this.#channels = next.channels ? new Set(next.channels) : undefined
  }

  /** The stamp for an instant, in the configured format and time zone. */
  stamp(at: number): string {
    const { format: pattern, timeZone } = this.ctx.config
    return `[${format(new TZDate(at, timeZone), pattern)}]`
  }

  override onMessageSent(message: OutgoingMessage): OutgoingMessage | undefined {
    if (this.#channels && !this.#channels.has(message.channelId)) return undefined
    const stamp = this.stamp(this.ctx.timers.now())
    const content =
      this.ctx.config.position === 'prefix' ? `${stamp} ${message.content}` : `${message.content} ${stamp}`
    return { ...message, content }
  }
}
