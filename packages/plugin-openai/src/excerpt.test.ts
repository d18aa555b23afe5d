import { describe, expect, it } from 'vitest'
import { excerpt } from './excerpt.js'

describe('excerpt', () => {
  it('keeps a short text whole', () => {
    expect(excerpt('model not found', 20)).toBe('model not found')
  })

  it('cuts a long text and says how much was left out', () => {
    expect(excerpt('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}… (990 more characters)`)
  })

  it('never splits an emoji', () => {
    expect(excerpt(`${'a'.repeat(9)}😀bbbb`, 10)).toBe(`${'a'.repeat(9)}… (6 more characters)`)
  })
})
