import { basename } from 'node:path'
import type { Logger, PluginTimeouts, StandardSchemaV1 } from '@banter/core'
import { sandboxError } from '../errors.js'
import type { ResolvedSettings } from '../settings.js'
import type { ExportInfo } from '../wire/protocol.js'
import { isolateBundle } from './bundle.js'
import { type ChannelHandlers, HostChannel } from './host-channel.js'
import { startIsolate } from './isolate-link.js'
import { startWorker } from './worker-link.js'

/** How long a guest started to read a module's exports is kept for the plugin's start, in ms. */
const SPARE_MS = 10_000

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])

/**
 * One plugin module under one set of limits: how to start a guest for it (a worker on the file, or
 * an isolate on its bundle), and the guest-side answers the plugin manager needs before the plugin
 * runs (its exports, its options checked by its own schema). The guest that answered is kept warm
 * for a while and handed to the plugin when it starts, so loading costs one guest, not three.
 */
export class GuestProgram {
  readonly #code: string | undefined
  #spare: HostChannel | undefined
  #spareTimer: NodeJS.Timeout | undefined

  private constructor(
    readonly file: string,
    readonly settings: ResolvedSettings,
    readonly timeouts: PluginTimeouts,
    readonly logger: Logger,
    code: string | undefined,
  ) {
    this.#code = code
  }

  /** Prepares a program (bundles the module for an isolate; `fresh` re-reads it from disk). */
  static async create(
    file: string,
    settings: ResolvedSettings,
    timeouts: PluginTimeouts,
    logger: Logger,
    fresh: boolean,
  ): Promise<GuestProgram> {
    const code = settings.isolation === 'isolate' ? await isolateBundle(file, fresh) : undefined
    return new GuestProgram(file, settings, timeouts, logger, code)
  }

  /** A started guest for a plugin, with its handlers (the warm one when there is one). */
  async open(handlers: ChannelHandlers, label: string): Promise<HostChannel> {
    const spare = this.#takeSpare()
    if (spare) {
      spare.setHandlers(handlers, label)
      return spare
    }
    return this.#start(handlers, label)
  }

  /** The plugins the module exports, read inside a guest. */
  async probe(): Promise<ExportInfo[]> {
    return this.#withSpare((channel) => channel.call({ k: 'probe' }, this.timeouts.initializeMs)) as Promise<
      ExportInfo[]
    >
  }

  /** Options checked by the plugin's own schema, inside a guest (a Standard Schema result). */
  async validate(key: string, options: unknown): Promise<StandardSchemaV1.Result<unknown>> {
    return this.#withSpare((channel) =>
      channel.call({ k: 'validate', key, options }, this.timeouts.initializeMs),
    ) as Promise<StandardSchemaV1.Result<unknown>>
  }

  /** The guest kept warm, if any (for memory figures). */
  get spare(): HostChannel | undefined {
    return this.#spare
  }

  async #withSpare(run: (channel: HostChannel) => Promise<unknown>): Promise<unknown> {
    const channel = this.#takeSpare() ?? (await this.#start(this.#idleHandlers(), this.#label()))
    try {
      return await run(channel)
    } finally {
      this.#keep(channel)
    }
  }

  #label(): string {
    return `plugin file "${basename(this.file)}"`
  }

  #idleHandlers(): ChannelHandlers {
    return {
      request: () => {},
      sync: () => {
        throw sandboxError('SANDBOX_UNSUPPORTED', 'the plugin context is available once the plugin starts')
      },
      log: (level, object, message) => {
        const log = LOG_LEVELS.has(level) ? this.logger[level as 'info'] : this.logger.info
        log.call(this.logger, object as object, message)
      },
      fault: () => {},
    }
  }

  async #start(handlers: ChannelHandlers, label: string): Promise<HostChannel> {
    const channel = new HostChannel(
      label,
      { cpuMs: this.settings.cpuMs, heavyMs: this.timeouts.initializeMs },
      handlers,
    )
    const options = { label, settings: this.settings, timeouts: this.timeouts }
    const link =
      this.settings.isolation === 'isolate'
        ? await startIsolate(this.#code as string, options, channel)
        : await startWorker(this.file, options, channel)
    channel.attach(link)
    return channel
  }

  #takeSpare(): HostChannel | undefined {
    const spare = this.#spare
    this.#spare = undefined
    clearTimeout(this.#spareTimer)
    return spare && !spare.dead ? spare : undefined
  }

  #keep(channel: HostChannel): void {
    if (channel.dead) return
    if (this.#spare) {
      void channel.close()
      return
    }
    channel.setHandlers(this.#idleHandlers(), this.#label())
    this.#spare = channel
    this.#spareTimer = setTimeout(() => {
      if (this.#spare === channel) this.#spare = undefined
      void channel.close()
    }, SPARE_MS)
    this.#spareTimer.unref()
  }
}
