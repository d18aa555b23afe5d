import { connect, type Socket } from 'node:net'
import { scanError } from '../../errors.js'
import type { EngineVerdict } from '../../threats.js'
import { parseClamdReply } from './clamd-reply.js'

/** Where clamd listens: TCP (`TCPSocket`/`TCPAddr`) or a unix socket (`LocalSocket`). */
export type ClamdAddress = { readonly host: string; readonly port: number } | { readonly socket: string }

/** Options of {@link ClamdClient}. */
export interface ClamdClientOptions {
  /** Where clamd listens. */
  readonly address: ClamdAddress
  /** How long to wait for the connection (ms). */
  readonly connectTimeoutMs: number
  /** How long the exchange may take once connected (ms). */
  readonly scanTimeoutMs: number
  /** clamd's `StreamMaxLength`: larger inputs are refused here, without a connection. */
  readonly streamMaxLength: number
  /** Bytes per INSTREAM chunk (64 KiB is clamd's own choice). */
  readonly chunkSize: number
}

type Exchange = { readonly ok: true; readonly reply: string } | { readonly ok: false; readonly error: string }

const TERMINATOR = new Uint8Array(4)

/**
 * A clamd client for INSTREAM, PING and VERSION, written by hand on `node:net` because the npm
 * clients get the failure cases wrong (see the README): it never calls a file clean unless clamd said
 * `stream: OK`, treats a dropped connection or a timeout as an error, keeps a reply clamd sent before
 * closing (the size-limit error), respects back-pressure, checks the size against StreamMaxLength
 * before sending, and sends a zero-byte stream correctly.
 */
export class ClamdClient {
  readonly #options: ClamdClientOptions

  constructor(options: ClamdClientOptions) {
    this.#options = options
  }

  /** `127.0.0.1:3310` or `unix:/run/clamav/clamd.ctl`. */
  get where(): string {
    const address = this.#options.address
    return 'socket' in address ? `unix:${address.socket}` : `${address.host}:${address.port}`
  }

  /** Scans `bytes` with INSTREAM. Never throws: problems come back as verdict `error`. */
  async scan(bytes: Uint8Array, signal?: AbortSignal): Promise<EngineVerdict> {
    const { streamMaxLength, chunkSize } = this.#options
    if (bytes.length > streamMaxLength) {
      return {
        verdict: 'error',
        threats: [],
        error: scanError(
          'ANTIVIRUS_FILE_TOO_LARGE',
          `${bytes.length} bytes is more than clamd's StreamMaxLength (${streamMaxLength} bytes); not sent`,
        ),
      }
    }
    const result = await this.#exchange(async (write) => {
      await write(new TextEncoder().encode('zINSTREAM\0'))
      for (let at = 0; at < bytes.length; at += chunkSize) {
        const chunk = bytes.subarray(at, at + chunkSize)
        const header = new Uint8Array(4)
        new DataView(header.buffer).setUint32(0, chunk.length, false)
        if (!(await write(header))) return
        if (!(await write(chunk))) return
      }
      await write(TERMINATOR)
    }, signal)
    return result.ok ? parseClamdReply(result.reply) : { verdict: 'error', threats: [], error: result.error }
  }

  /** Whether clamd answers `PING` with `PONG`. */
  async ping(signal?: AbortSignal): Promise<boolean> {
    const result = await this.#command('PING', signal)
    return result.ok && result.reply.replace(/\0+$/, '').trim() === 'PONG'
  }

  /** clamd's `VERSION` reply (`ClamAV 1.4.6/...`), or `undefined` when it does not answer. */
  async version(signal?: AbortSignal): Promise<string | undefined> {
    const result = await this.#command('VERSION', signal)
    return result.ok ? result.reply.replace(/\0+$/, '').trim() : undefined
  }

  #command(name: string, signal?: AbortSignal): Promise<Exchange> {
    return this.#exchange(async (write) => {
      await write(new TextEncoder().encode(`z${name}\0`))
    }, signal)
  }

  // One connection: connect (with its timeout), run `send` (with back-pressure), read until the NUL
  // that ends a z-command reply or until clamd closes, all within the scan timeout.
  #exchange(send: (write: (bytes: Uint8Array) => Promise<boolean>) => Promise<void>, signal?: AbortSignal) {
    const { address, connectTimeoutMs, scanTimeoutMs } = this.#options
    const where = this.where
    return new Promise<Exchange>((resolve) => {
      if (signal?.aborted) {
        resolve({ ok: false, error: scanError('ANTIVIRUS_DEADLINE', `scan with clamd at ${where} aborted`) })
        return
      }
      const socket: Socket =
        'socket' in address ? connect(address.socket) : connect(address.port, address.host)
      const received: Buffer[] = []
      let settled = false
      let connected = false
      let sent = false
      const finish = (result: Exchange) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        socket.destroy()
        resolve(result)
      }
      const replyOr = (error: string): Exchange =>
        received.length > 0
          ? { ok: true, reply: Buffer.concat(received).toString('utf8') }
          : { ok: false, error }
      const onAbort = () =>
        finish(replyOr(scanError('ANTIVIRUS_DEADLINE', `scan with clamd at ${where} aborted`)))
      signal?.addEventListener('abort', onAbort, { once: true })
      let timer = setTimeout(
        () =>
          finish({
            ok: false,
            error: scanError(
              'ANTIVIRUS_CLAMD_UNREACHABLE',
              `clamd at ${where} did not accept the connection within ${connectTimeoutMs} ms`,
            ),
          }),
        connectTimeoutMs,
      )
      socket.on('data', (data: Buffer) => {
        received.push(data)
        if (data.includes(0)) finish(replyOr(''))
      })
      socket.on('end', () =>
        finish(
          replyOr(
            scanError(
              'ANTIVIRUS_CLAMD_UNREACHABLE',
              `clamd at ${where} closed the connection without a reply`,
            ),
          ),
        ),
      )
      socket.on('close', () =>
        finish(
          replyOr(
            scanError(
              'ANTIVIRUS_CLAMD_UNREACHABLE',
              `clamd at ${where} closed the connection without a reply`,
            ),
          ),
        ),
      )
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const what = error.code ?? error.message
        const reason = !connected
          ? scanError('ANTIVIRUS_CLAMD_UNREACHABLE', `cannot connect to clamd at ${where} (${what})`)
          : sent
            ? scanError(
                'ANTIVIRUS_CLAMD_UNREACHABLE',
                `clamd at ${where} dropped the connection mid-scan (${what})`,
              )
            : scanError(
                'ANTIVIRUS_CLAMD_REPLY',
                `clamd at ${where} closed the connection while the file was being sent (${what}); clamd does that when a stream exceeds its StreamMaxLength, so set clamav.streamMaxLength to clamd's value`,
              )
        finish(replyOr(reason))
      })
      socket.once('connect', () => {
        connected = true
        clearTimeout(timer)
        timer = setTimeout(
          () =>
            finish({
              ok: false,
              error: scanError(
                'ANTIVIRUS_CLAMD_TIMEOUT',
                `clamd at ${where} did not reply within ${scanTimeoutMs} ms`,
              ),
            }),
          scanTimeoutMs,
        )
        const write = (bytes: Uint8Array): Promise<boolean> => {
          if (settled || socket.destroyed) return Promise.resolve(false)
          if (socket.write(bytes)) return Promise.resolve(true)
          return new Promise<boolean>((done) => {
            const go = () => {
              socket.off('drain', go)
              socket.off('close', go)
              done(!settled && !socket.destroyed)
            }
            socket.on('drain', go)
            socket.on('close', go)
          })
        }
        send(write)
          .then(() => {
            sent = true
          })
          .catch((error: Error) =>
            finish(
              replyOr(
                scanError(
                  'ANTIVIRUS_CLAMD_UNREACHABLE',
                  `writing to clamd at ${where} failed: ${error.message}`,
                ),
              ),
            ),
          )
      })
    })
  }
}
