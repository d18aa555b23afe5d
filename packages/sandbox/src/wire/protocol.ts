/**
 * The messages between the host (the bot's process) and a guest (a worker or an isolate running one
 * plugin module). Both directions send batches: every message queued in one turn of the event loop
 * travels in one postMessage (or one call into the isolate). Everything here is plain data.
 */

/** An error as it crosses the boundary. */
export interface ErrorData {
  readonly name: string
  /** The message without the hint line (a BanterError's `summary`). */
  readonly message: string
  readonly code?: string | undefined
  readonly hint?: string | undefined
  readonly stack?: string | undefined
}

/** A plugin the guest found in the module. */
export interface ExportInfo {
  /** Where: the export name, or `module` for a module of hook functions. */
  readonly key: string
  /** The manifest (plain data). */
  readonly manifest: Record<string, unknown>
  /** Whether it has a `configSchema` (validated inside the guest). */
  readonly hasSchema: boolean
}

/** What the host tells the guest when it starts a plugin instance. */
export interface StartInfo {
  readonly key: string
  readonly name: string
  readonly config: unknown
  readonly permissions: readonly string[]
  readonly bot: { prefix: string; platform: string; maxMessageLength: number; baseDir: string }
  /** The host logger's level (`info`, ...), so that disabled lines are not even built. */
  readonly logLevel: string
}

/** Which hooks the started instance has. */
export interface HookFlags {
  readonly received: boolean
  readonly sent: boolean
  readonly run: boolean
}

/** A message reference: `r` is its id in the guest's cache; `m` the message when not cached yet. */
export interface MessageRef {
  readonly r: number
  readonly m?: unknown
}

/** A call from the host into the guest. */
export type CallBody =
  | { readonly k: 'probe' }
  | { readonly k: 'validate'; readonly key: string; readonly options: unknown }
  | { readonly k: 'start'; readonly info: StartInfo }
  | { readonly k: 'in'; readonly m: MessageRef }
  | { readonly k: 'out'; readonly m: unknown }
  | { readonly k: 'ev'; readonly n: string; readonly p: unknown }
  | {
      readonly k: 'cmd'
      readonly n: string
      readonly m: MessageRef
      readonly a: Record<string, unknown>
      readonly raw: string
      readonly as: string
    }
  | { readonly k: 'timer'; readonly tid: number }
  | { readonly k: 'svc'; readonly n: string; readonly fn: string; readonly a: readonly unknown[] }
  | { readonly k: 'run' }
  | { readonly k: 'destroy' }
  | { readonly k: 'heap' }

/** Host to guest. */
export type HostMessage =
  | ({ readonly t: 'call'; readonly id: number } & CallBody)
  | { readonly t: 'res'; readonly id: number; readonly ok: true; readonly v: unknown }
  | { readonly t: 'res'; readonly id: number; readonly ok: false; readonly e: ErrorData }
  | { readonly t: 'abort' }

/** Guest to host. */
export type GuestMessage =
  | { readonly t: 'done'; readonly id: number; readonly ok: true; readonly v: unknown }
  | { readonly t: 'done'; readonly id: number; readonly ok: false; readonly e: ErrorData }
  /** A context operation; `id` 0 means no answer is wanted; `c` is the call that caused it (0: none). */
  | { readonly t: 'req'; readonly id: number; readonly op: string; readonly a: unknown; readonly c: number }
  | { readonly t: 'log'; readonly l: string; readonly o: unknown; readonly m: string }
  /** A worker loaded the module and takes calls. */
  | { readonly t: 'ready' }
  /** A worker could not load the module. */
  | { readonly t: 'fatal'; readonly e: ErrorData }

/** The result of an inbound hook as it crosses back: unchanged, stopped, or a new message. */
export type InboundWire = { readonly same: 1 } | { readonly stop: 1 } | { readonly m: unknown }

/** Messages the guest caches by id (the host mirrors which ids are still there). */
export const MESSAGE_CACHE_SIZE = 256

/** What a worker guest is started with (`workerData`). */
export interface WorkerGuestData {
  /** The plugin module, as a file URL. */
  readonly moduleUrl: string
  /** tsx's `esm/api` module as a file URL, when the plugin is TypeScript. */
  readonly tsxUrl: string | undefined
  /** The module's file name (names a module of hook functions). */
  readonly fileName: string
  /** Shared flags: [0] the state of a synchronous request, [1] the heartbeat counter. */
  readonly flags: SharedArrayBuffer
  /** The port synchronous requests go through. */
  readonly syncPort: import('node:worker_threads').MessagePort
  /** How often the worker beats while its event loop is free, in ms. */
  readonly heartbeatMs: number
}

/** Slots of the shared flags of a worker guest. */
export const FLAG_SYNC = 0
/** Slot of the heartbeat counter. */
export const FLAG_HEARTBEAT = 1
