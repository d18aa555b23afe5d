import type { ScanResult } from '@banter/core'
import { describe, expect, it } from 'vitest'
import { ScanCache } from './scan-cache.js'

const clean: ScanResult = { safe: true, verdict: 'clean', threats: [], scanTimeMs: 1 }

describe('ScanCache', () => {
  it('expires entries after the TTL on the given clock', () => {
    let now = 0
    const cache = new ScanCache({ maxEntries: 10, ttlMs: 1000, now: () => now })
    cache.set('a', clean)
    now = 999
    expect(cache.get('a')).toBe(clean)
    now = 1000
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new ScanCache({ maxEntries: 2, ttlMs: 1000, now: () => 0 })
    cache.set('a', clean)
    cache.set('b', clean)
    cache.get('a')
    cache.set('c', clean)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe(clean)
    expect(cache.get('c')).toBe(clean)
  })

  it('never keeps errors, and keeps nothing when maxEntries is 0', () => {
    const cache = new ScanCache({ maxEntries: 2, ttlMs: 1000, now: () => 0 })
    cache.set('e', { ...clean, safe: false, verdict: 'error', error: 'x' })
    expect(cache.get('e')).toBeUndefined()
    const off = new ScanCache({ maxEntries: 0, ttlMs: 1000, now: () => 0 })
    off.set('a', clean)
    expect(off.get('a')).toBeUndefined()
  })
})
