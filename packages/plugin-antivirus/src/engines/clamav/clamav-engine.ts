import type { FileMeta } from '@banter/core'
import type { ClamavEngineOptions } from '../../options.js'
import type { EngineVerdict } from '../../threats.js'
import type { FileEngine } from '../file-engine.js'
import { type ClamdAddress, ClamdClient } from './clamd-client.js'

/**
 * The ClamAV engine: sends each file to clamd with INSTREAM over TCP or a unix socket. Any reply but
 * `stream: OK` is never clean. Remember clamd's own limits: a file over `MaxFileSize`/`MaxScanSize`
 * is reported OK unless clamd.conf says `AlertExceedsMax yes`.
 */
export class ClamavEngine implements FileEngine {
  readonly name = 'clamav'
  /** The client (for `ping` and `version`). */
  readonly client: ClamdClient

  constructor(options: ClamavEngineOptions) {
    const address: ClamdAddress =
      options.socket === undefined ? { host: options.host, port: options.port } : { socket: options.socket }
    this.client = new ClamdClient({
      address,
      connectTimeoutMs: options.connectTimeoutMs,
      scanTimeoutMs: options.scanTimeoutMs,
      streamMaxLength: options.streamMaxLength,
      chunkSize: options.chunkSize,
    })
  }

  scan(bytes: Uint8Array, _meta: FileMeta, _sha256: string, signal?: AbortSignal): Promise<EngineVerdict> {
    return this.client.scan(bytes, signal)
  }
}
