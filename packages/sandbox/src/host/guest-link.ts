import type { BanterError, PluginTimeouts } from '@banter/core'
import type { ResolvedSettings } from '../settings.js'
import type { GuestMessage, HostMessage } from '../wire/protocol.js'

/** What a link reports to the channel above it. */
export interface LinkEvents {
  /** A batch from the guest. */
  batch(messages: readonly GuestMessage[]): void
  /** A synchronous request from the guest; the return value is the answer, a throw its error. */
  sync(op: string, a: unknown): unknown
  /** The guest overran, ran out of memory or died; the link is closed and reports nothing more. */
  fault(error: BanterError): void
  /** How long the guest may stay busy right now, in ms (`cpuMs`, or the initialize budget while it starts). */
  budget(): number
}

/** One running guest: a worker or an isolate with the plugin module loaded. */
export interface GuestLink {
  /** Sends a batch to the guest. */
  post(batch: HostMessage[]): void
  /** Stops the guest (idempotent). */
  close(): Promise<void>
  /** The guest's heap in use, in bytes (an isolate knows it; a worker is asked through its channel). */
  heapUsed?(): Promise<number | undefined>
}

/** What starting a link needs. */
export interface LinkOptions {
  /** For messages: the plugin (or file) the guest runs. */
  readonly label: string
  readonly settings: ResolvedSettings
  readonly timeouts: PluginTimeouts
}
