import { scanError } from '../../errors.js'
import type { EngineVerdict } from '../../threats.js'

const FOUND = /^stream: (.+) FOUND$/

/**
 * Reads clamd's reply to INSTREAM. Only `stream: OK` is clean; `stream: <name> FOUND` is infected with
 * that name (signatures from an unsigned database carry a `.UNOFFICIAL` suffix, kept as is); anything
 * else, an empty reply included, is an error, never clean.
 */
export function parseClamdReply(raw: string): EngineVerdict {
  const reply = raw.replace(/\0+$/, '').trim()
  if (reply === 'stream: OK') return { verdict: 'clean', threats: [] }
  const found = FOUND.exec(reply)
  if (found) return { verdict: 'infected', threats: [{ name: found[1] as string, engine: 'clamav' }] }
  if (reply === '') {
    return {
      verdict: 'error',
      threats: [],
      error: scanError('ANTIVIRUS_CLAMD_REPLY', 'clamd closed the connection without a reply'),
    }
  }
  return {
    verdict: 'error',
    threats: [],
    error: scanError('ANTIVIRUS_CLAMD_REPLY', `clamd replied "${reply.slice(0, 200)}"`),
  }
}
