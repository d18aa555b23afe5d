import { describe, expect, it } from 'vitest'
import { LoginLimiter } from '../src/login-limiter.js'
import { Sessions } from '../src/sessions.js'

describe('sessions and one-time links', () => {
  it('a link works once and not after it expires; a session expires unless used', () => {
    let now = 0
    const sessions = new Sessions(60_000, () => now)
    const link = sessions.link(10 * 60_000)
    expect(sessions.redeem(link)).toBe(true)
    expect(sessions.redeem(link)).toBe(false)
    const late = sessions.link(10 * 60_000)
    now += 10 * 60_000
    expect(sessions.redeem(late)).toBe(false)

    const { id, session } = sessions.open('admin')
    expect(session.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/)
    now += 59_000
    expect(sessions.get(id)).toBe(session)
    now += 59_000
    expect(sessions.get(id)).toBe(session)
    now += 60_000
    expect(sessions.get(id)).toBeUndefined()
  })

  it('the login limiter blocks an address after ten failures until its window ends', () => {
    let now = 0
    const limiter = new LoginLimiter(10, 60_000, () => now)
    for (let i = 0; i < 9; i++) limiter.failed('1.2.3.4')
    expect(limiter.blockedFor('1.2.3.4')).toBe(0)
    limiter.failed('1.2.3.4')
    expect(limiter.blockedFor('1.2.3.4')).toBe(60_000)
    expect(limiter.blockedFor('5.6.7.8')).toBe(0)
    now += 60_000
    expect(limiter.blockedFor('1.2.3.4')).toBe(0)
  })
})
