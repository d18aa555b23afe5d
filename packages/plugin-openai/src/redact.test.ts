import { describe, expect, it } from 'vitest'
import { createRedactor } from './redact.js'

describe('createRedactor', () => {
  it('blanks the secret wherever it appears, and bearer tokens', () => {
    const redact = createRedactor(['sk-secret-123456', undefined])
    expect(redact('bad key sk-secret-123456 (sk-secret-123456)')).toBe('bad key [redacted] ([redacted])')
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]')
  })

  it('ignores values too short to be keys', () => {
    expect(createRedactor(['ab'])('a tab')).toBe('a tab')
  })
})
