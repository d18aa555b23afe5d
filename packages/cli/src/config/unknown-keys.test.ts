import { z } from '@banter/core'
import { describe, expect, it } from 'vitest'
import { didYouMean } from './did-you-mean.js'
import { findUnknownKeys } from './unknown-keys.js'

const schema = z.object({
  name: z.string(),
  nested: z.object({ deep: z.number().default(1) }).optional(),
  list: z.array(z.object({ id: z.string() })).default([]),
  byName: z.record(z.string(), z.object({ on: z.boolean() })).default({}),
  mode: z.union([z.boolean(), z.object({ guildId: z.string().optional() })]).default(false),
  open: z.object({ known: z.string() }).loose().optional(),
  trimmed: z.preprocess((v) => v, z.object({ a: z.string() })).optional(),
})

describe('findUnknownKeys', () => {
  it('finds unknown keys at every depth, with the keys that were expected', () => {
    const found = findUnknownKeys(schema, {
      name: 'x',
      nmae: 'y',
      nested: { deep: 2, deeep: 3 },
      list: [{ id: 'a' }, { id: 'b', ids: 'c' }],
      byName: { one: { on: true, of: false } },
      mode: { guildID: '1' },
      open: { known: 'k', anything: 'goes' },
      trimmed: { a: 'a', b: 'b' },
    })
    expect(found.map((u) => [...u.path, u.key].join('.'))).toEqual([
      'nmae',
      'nested.deeep',
      'list.1.ids',
      'byName.one.of',
      'mode.guildID',
      'trimmed.b',
    ])
    expect(found[1]?.known).toEqual(['deep'])
    expect(found[4]?.known).toEqual(['guildId'])
  })

  it('finds nothing in a value that only uses known keys, or that is not an object at all', () => {
    expect(findUnknownKeys(schema, { name: 'x', mode: true, nested: { deep: 1 } })).toEqual([])
    expect(findUnknownKeys(schema, 'just a string')).toEqual([])
  })
})

describe('didYouMean', () => {
  it('guesses typos, swapped letters and other casing', () => {
    expect(didYouMean('tokne', ['token', 'intents'])).toBe('token')
    expect(didYouMean('apikey', ['apiKey', 'model'])).toBe('apiKey')
    expect(didYouMean('prot', ['host', 'port'])).toBe('port')
  })

  it('guesses nothing when no key is close', () => {
    expect(didYouMean('verbose', ['adapter', 'prefix', 'storage', 'log'])).toBeUndefined()
    expect(didYouMean('xy', ['api'])).toBeUndefined()
    expect(didYouMean('x', [])).toBeUndefined()
  })
})
