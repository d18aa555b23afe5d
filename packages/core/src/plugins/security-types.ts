/** The verdict of a scan. `error` is never "clean": the plugin's `failMode` decides what happens. */
export type ScanVerdict = 'clean' | 'infected' | 'error'

/** One thing a scan found. */
export interface Threat {
  /** Threat name, e.g. `Eicar-Signature.UNOFFICIAL` or `phishing:discord-lookalike`. */
  readonly name: string
  /** The engine that found it: `builtin`, `clamav`, `links`, ... */
  readonly engine: string
}

/** The result of scanning a file or a message. */
export interface ScanResult {
  /** Whether the content may pass. */
  readonly safe: boolean
  /** The verdict. */
  readonly verdict: ScanVerdict
  /** What was found. */
  readonly threats: readonly Threat[]
  /** How long the scan took. */
  readonly scanTimeMs: number
  /** SHA-256 of the scanned bytes (files), hex. */
  readonly sha256?: string
  /** Why the verdict is `error`, when it is. */
  readonly error?: string
}

/** What is known about a file before scanning it. */
export interface FileMeta {
  /** File name as uploaded. */
  readonly name?: string
  /** Declared MIME type. */
  readonly contentType?: string
  /** Declared size in bytes. */
  readonly size?: number
}

/** The bytes of a file: a buffer or a stream of chunks. */
export type FileInput = Uint8Array | AsyncIterable<Uint8Array>

/** The `scanner` service, provided by a security plugin. */
export interface ScannerService {
  /** Scans a file. */
  scanFile(input: FileInput, meta?: FileMeta): Promise<ScanResult>
  /** Scans message text (links, leaked secrets, spam). */
  scanMessage(text: string): Promise<ScanResult>
}

/** Payload of the `security.threat` event. */
export interface SecurityThreat {
  /** The plugin that found it. */
  readonly plugin: string
  /** Where it was found. */
  readonly kind: 'file' | 'message'
  /** The message that carried it. */
  readonly message: { readonly id: string; readonly channelId: string; readonly authorId: string }
  /** What was found. */
  readonly threats: readonly Threat[]
  /** File name, for files. */
  readonly fileName?: string
  /** SHA-256, for files. */
  readonly sha256?: string
  /** What the plugin did: `deleted`, `warned`, `reported`, `quarantined`, ... */
  readonly actions: readonly string[]
}
