import { describe, expect, it } from 'vitest'
import { toPlain } from './to-plain.js'

/** What a JSON round trip (the slow path) gives. */
const roundTrip = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item)))

describe('toPlain', () => {
  it('gives plain JSON data back as a JSON round trip would', () => {
    for (const value of [{}, [], 'text', 3, true, null, { a: [1, 'b', { c: null }], d: { e: false } }]) {
      expect(toPlain(value)).toEqual(roundTrip(value))
    }
  })

  it('turns what is not JSON data into JSON data: dates, big integers, functions, holes, numbers JSON cannot hold', () => {
    const value = {
      at: new Date(0),
      big: 12n,
      read: () => 'x',
      missing: undefined,
      list: [undefined, Number.NaN, Number.POSITIVE_INFINITY],
      deep: { map: new Map([['k', 1]]) },
    }
    expect(toPlain(value)).toEqual(roundTrip(value))
    expect(toPlain(value)).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      big: '12',
      list: [null, null, null],
      deep: { map: {} },
    })
    expect(toPlain(undefined)).toBeNull()
  })

  it('takes the slow path for an object with a prototype of its own or nested deeper than it checks', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    expect(toPlain(new Point(1))).toEqual({ x: 1 })
    expect(toPlain(new Point(1))).not.toBeInstanceOf(Point)
    const deep = { a: { b: { c: { d: { e: { f: 1n } } } } } }
    expect(toPlain(deep)).toEqual({ a: { b: { c: { d: { e: { f: '1' } } } } } })
  })
})
