import { describe, expect, it } from 'vitest'
import { capText, capValue, MAX_VALUE_DEPTH } from './record-caps.js'

describe('run record caps (issue 11: cap what a run record keeps)', () => {
  it('cuts long text to the cap, marker included, without splitting an emoji', () => {
    const cut = capText('a'.repeat(10_000), 100)
    expect(cut.length).toBeLessThanOrEqual(100)
    expect(cut).toMatch(/^a+…\[truncated \d+ characters\]$/)
    expect(capText('short', 100)).toBe('short')
    const emoji = capText(`${'a'.repeat(71)}😀${'b'.repeat(100)}`, 100)
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })

  it('bounds arrays, objects and nesting with markers, and keeps small values as they are', () => {
    const small = { a: [1, 'two', { three: true }], b: null }
    expect(capValue(small, 1_000)).toEqual(small)
    const list = capValue(
      Array.from({ length: 10_000 }, (_, i) => i),
      200,
    ) as unknown[]
    expect(JSON.stringify(list).length).toBeLessThan(300)
    expect(list.at(-1)).toMatch(/^…\[truncated \d+ items\]$/)
    const wide = capValue(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])), 200)
    expect(JSON.stringify(wide).length).toBeLessThan(300)
    expect((wide as Record<string, unknown>)['…']).toMatch(/^\[truncated \d+ fields\]$/)
    let deep: unknown = 'bottom'
    for (let i = 0; i < 1_000; i++) deep = { d: deep }
    expect(JSON.stringify(capValue(deep, 100_000))).toContain('nested too deep')
    expect(JSON.stringify(capValue(deep, 100_000)).split('"d"').length - 1).toBe(MAX_VALUE_DEPTH)
  })

  it('turns values into JSON data as a saved record holds them', () => {
    const when = new Date('2026-01-02T03:04:05.000Z')
    expect(capValue({ when, big: 12n, f: () => 1, u: undefined, list: [undefined] }, 1_000)).toEqual({
      when: '2026-01-02T03:04:05.000Z',
      big: '12',
      list: [null],
    })
    expect(capValue(undefined, 10)).toBeNull()
  })
})
