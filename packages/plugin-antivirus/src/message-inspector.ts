import type { ChatAttachment, ChatMessage, Logger } from '@banter/core'
import type { Finding } from './actions/finding.js'
import { scanError } from './errors.js'
import type { MessageScanner } from './message/message-scanner.js'
import type { ResolvedAntivirusOptions } from './options.js'
import type { FileScanner, FileScanResult } from './scan/file-scanner.js'
import type { ScanStats } from './scan/scan-stats.js'
import { scopeOf } from './storage/scope.js'
import { messageThreatKind } from './threats.js'

/** What {@link MessageInspector} works with. */
export interface MessageInspectorDeps {
  readonly options: ResolvedAntivirusOptions
  readonly files: FileScanner
  readonly text: MessageScanner
  readonly stats: ScanStats
  readonly logger: Logger
  /** The command prefix (`!`), to recognise `!allowdomain <domain>`. */
  readonly prefix: string
  /** Aborted when the plugin stops. */
  readonly signal: AbortSignal
}

/**
 * Turns one chat message into findings: its text through the message scanner, its attachments through
 * the file scanner (in parallel, downloads included), all within `deadlineMs`. A file that could not
 * be scanned becomes an `error` finding when `failMode` is `closed`; with `open` it is let through and
 * logged.
 */
export class MessageInspector {
  readonly #deps: MessageInspectorDeps

  readonly #allowdomain: RegExp

  constructor(deps: MessageInspectorDeps) {
    this.#deps = deps
    this.#allowdomain = new RegExp(`^${escapeRegExp(deps.prefix)}allowdomain\\s+[^\\s/]+\\s*$`, 'i')
  }

  /** The findings of `message` (empty when it is fine). */
  async inspect(message: ChatMessage): Promise<Finding[]> {
    const { stats } = this.#deps
    const findings: Finding[] = []
    stats.messagesScanned += 1
    // An `!allowdomain <domain>` line must reach its command (which only moderators may run, and which
    // checks its argument itself): its bare domain is not link-checked here. Secrets and mentions are.
    const textThreats = this.#deps.text.scan(message.content, message.mentions, scopeOf(message), {
      checkLinks: !this.#isAllowdomainLine(message.content),
    })
    for (const kind of ['link', 'secret', 'spam'] as const) {
      const threats = textThreats.filter((t) => messageThreatKind(t) === kind)
      if (threats.length > 0) findings.push({ kind, threats })
    }
    if (message.attachments.length > 0) findings.push(...(await this.#attachments(message)))
    if (findings.length > 0) stats.messagesFlagged += 1
    return findings
  }

  // `!allowdomain evil.example`: one argument, a bare domain that chat clients do not turn into a link.
  #isAllowdomainLine(content: string): boolean {
    return this.#allowdomain.test(content)
  }

  async #attachments(message: ChatMessage): Promise<Finding[]> {
    const { options, logger, signal } = this.#deps
    // One controller per message, aborted by the deadline or when the plugin stops (a listener on the
    // plugin's signal, removed afterwards, rather than AbortSignal.any on a long-lived signal).
    const controller = new AbortController()
    const combined = controller.signal
    const onStop = () => controller.abort()
    if (signal.aborted) controller.abort()
    else signal.addEventListener('abort', onStop, { once: true })
    // Real time on purpose: the deadline bounds real downloads and network I/O, which a fake test clock
    // cannot speed up. It is cleared as soon as the scans finish.
    const timer = setTimeout(() => controller.abort(), options.deadlineMs)
    const late = () =>
      scanError(
        'ANTIVIRUS_DEADLINE',
        signal.aborted
          ? 'not scanned: the plugin stopped'
          : `not scanned within deadlineMs (${options.deadlineMs} ms)`,
      )
    try {
      const results = await Promise.all(
        message.attachments.map((attachment) =>
          Promise.race([
            this.#scanAttachment(attachment, combined),
            new Promise<FileScanResult>((resolve) => {
              const give = () =>
                resolve({ safe: false, verdict: 'error', threats: [], scanTimeMs: 0, error: late() })
              if (combined.aborted) give()
              else combined.addEventListener('abort', give, { once: true })
            }),
          ]),
        ),
      )
      const findings: Finding[] = []
      results.forEach((result, i) => {
        const attachment = message.attachments[i] as ChatAttachment
        const file = { name: attachment.name, ...(result.sha256 ? { sha256: result.sha256 } : {}) }
        if (result.verdict === 'infected') findings.push({ kind: 'file', threats: result.threats, file })
        else if (result.verdict === 'error') {
          if (options.failMode === 'closed') {
            findings.push({ kind: 'error', threats: [], file, error: result.error ?? 'unknown error' })
          } else {
            this.#deps.stats.passedOnError += 1
            logger.warn(
              { messageId: message.id, file: attachment.name, error: result.error },
              `failMode open: let ${attachment.name} through unscanned: ${result.error}`,
            )
          }
        }
      })
      return findings
    } finally {
      clearTimeout(timer)
      signal.removeEventListener('abort', onStop)
    }
  }

  async #scanAttachment(attachment: ChatAttachment, signal: AbortSignal): Promise<FileScanResult> {
    const { options, files } = this.#deps
    if (attachment.size > options.maxFileSize) {
      this.#deps.stats.fileErrors += 1
      return {
        safe: false,
        verdict: 'error',
        threats: [],
        scanTimeMs: 0,
        error: scanError(
          'ANTIVIRUS_FILE_TOO_LARGE',
          `${attachment.name} (${attachment.size} bytes) is larger than maxFileSize (${options.maxFileSize} bytes); not downloaded`,
        ),
      }
    }
    let bytes: Uint8Array
    try {
      bytes = await attachment.read()
    } catch (error) {
      return {
        safe: false,
        verdict: 'error',
        threats: [],
        scanTimeMs: 0,
        error: scanError(
          'ANTIVIRUS_DOWNLOAD_FAILED',
          `could not download ${attachment.name}: ${(error as Error).message}`,
        ),
      }
    }
    const meta = {
      name: attachment.name,
      size: bytes.length,
      ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
    }
    return files.scan(bytes, meta, signal)
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
