import { createHash, timingSafeEqual } from 'node:crypto'

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/**
 * Whether an `Authorization` header carries the admin token (`Bearer <token>`). Both sides are hashed
 * (sha256) and the digests compared with `timingSafeEqual`, so the time taken says nothing about the
 * token: not its content, and not its length either (a plain comparison of the raw values returns
 * early when the lengths differ). The workflow plugin's webhook secrets are compared the same way.
 */
export function adminTokenMatches(expected: string, header: string | undefined): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
  return timingSafeEqual(digest(expected), digest(given))
}
