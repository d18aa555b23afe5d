import { describe, expect, it } from 'vitest'
import { decodeUtf8, encodeUtf8 } from '../src/guest/utf8.js'
import { hostAllowed } from '../src/host/network-policy.js'
import { hasNodeFlags } from '../src/host/node-flags.js'
import { resolveSettings } from '../src/settings.js'
import { plainData } from '../src/wire/plain-data.js'

describe('hostAllowed', () => {
  const allow = ['api.example.com', '*.cdn.example.net', '127.0.0.1:8080']
  it.each([
    ['https://api.example.com/x', true],
    ['http://api.example.com:9999/x', true],
    ['https://evil.com/api.example.com', false],
    ['https://api.example.com.evil.com/', false],
    ['https://a.cdn.example.net/', true],
    ['https://cdn.example.net/', false],
    ['http://127.0.0.1:8080/', true],
    ['http://127.0.0.1:8081/', false],
    ['http://localhost:8080/', false],
    ['file:///etc/passwd', false],
  ])('%s -> %s', (url, expected) => {
    expect(hostAllowed(new URL(url), allow)).toBe(expected)
  })
  it('allows any http(s) host without a list, and none with an empty one', () => {
    expect(hostAllowed(new URL('https://anything.test/'), undefined)).toBe(true)
    expect(hostAllowed(new URL('ftp://anything.test/'), undefined)).toBe(false)
    expect(hostAllowed(new URL('https://anything.test/'), [])).toBe(false)
  })
})

describe('plainData', () => {
  it('drops functions, symbols and prototype keys, keeps bytes, dates and nesting', () => {
    const bytes = new Uint8Array([1, 2])
    const date = new Date(0)
    const input = JSON.parse(
      '{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}},"a":{"b":[1,{"c":2}]}}',
    )
    const out = plainData({ ...input, f: () => 1, s: Symbol('s'), bytes, date }) as Record<string, unknown>
    expect(out).toEqual({ a: { b: [1, { c: 2 }] }, bytes, date })
    expect(Object.hasOwn(out, '__proto__')).toBe(false)
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  })
  it('stops at cycles', () => {
    const a: Record<string, unknown> = { n: 1 }
    a.self = a
    expect(() => plainData(a)).not.toThrow()
  })
})

describe('utf8 for isolates', () => {
  it('round-trips text the way TextEncoder does', () => {
    for (const text of ['', 'plain', 'é ß ✓', '😀 family 👨‍👩‍👧', '\u0000\uffff']) {
      expect(encodeUtf8(text)).toEqual(new TextEncoder().encode(text))
      expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text)
    }
    expect(decodeUtf8(new Uint8Array([0xff, 0x41]))).toBe(
      new TextDecoder().decode(new Uint8Array([0xff, 0x41])),
    )
  })
})

describe('settings', () => {
  it('fills defaults per mode: an isolate reaches no host unless listed', () => {
    expect(resolveSettings('x', { isolation: 'isolate' })).toEqual({
      isolation: 'isolate',
      memoryMb: 64,
      cpuMs: 1000,
      network: [],
    })
    expect(resolveSettings('x', { isolation: 'worker', cpuMs: 50 })).toMatchObject({
      cpuMs: 50,
      network: undefined,
    })
  })
  it('names the key and field of a bad entry', () => {
    expect(() => resolveSettings('dice', { isolation: 'isolate', cpuMs: -1 })).toThrow(/sandbox\.dice\.cpuMs/)
    expect(() => resolveSettings('dice', { isolation: 'sandboxed' as never })).toThrow(
      /SANDBOX_SETTINGS_INVALID|sandbox\.dice\.isolation/,
    )
  })
})

describe('hasNodeFlags', () => {
  it('looks for --no-node-snapshot in the flags and in NODE_OPTIONS', () => {
    expect(hasNodeFlags(['--no-node-snapshot'], '')).toBe(true)
    expect(hasNodeFlags([], '--max-old-space-size=100 --no-node-snapshot')).toBe(true)
    expect(hasNodeFlags(['--conditions=x'], '')).toBe(false)
  })
})
