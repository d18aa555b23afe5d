import { describe, expect, it } from 'vitest'
import { capRetryAfter, retryAfterMs } from './create-client.js'

describe('Retry-After', () => {
  it('reads retry-after-ms, then Retry-After in seconds or as a date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0)
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250)
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500)
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' }), now)).toBe(30_000)
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(retryAfterMs(new Headers(), now)).toBeUndefined()
  })

  it('marks a response whose wait is past the cap as not to be retried, and no other', async () => {
    const respond = (headers: Record<string, string>, status = 429) =>
      capRetryAfter(async () => new Response('{}', { status, headers }), 10_000)('http://x')
    expect((await respond({ 'retry-after': '60' })).headers.get('x-should-retry')).toBe('false')
    expect((await respond({ 'retry-after': '5' })).headers.get('x-should-retry')).toBeNull()
    expect((await respond({})).headers.get('x-should-retry')).toBeNull()
    expect((await respond({ 'retry-after': '60' }, 200)).headers.get('x-should-retry')).toBeNull()
    const kept = await respond({ 'retry-after': '60', 'x-request-id': 'req_1' }, 503)
    expect(kept.status).toBe(503)
    expect(kept.headers.get('x-request-id')).toBe('req_1')
  })
})
