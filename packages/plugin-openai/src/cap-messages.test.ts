import { describe, expect, it } from 'vitest'
import { capMessages, cutNote } from './cap-messages.js'

describe('capMessages', () => {
  it('keeps an answer that fits as splitMessage splits it', () => {
    expect(capMessages('short', 100, 1)).toEqual({ parts: ['short'], cut: false })
  })

  it('cuts at maxMessages, the last part ending with the note within the limit', () => {
    const text = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ')
    const { parts, cut } = capMessages(text, 100, 2)
    expect(cut).toBe(true)
    expect(parts).toHaveLength(2)
    expect(parts[1]?.endsWith(cutNote(100, 2))).toBe(true)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(100)
  })

  it('cuts an answer marked overflowed even when what is left fits', () => {
    const { parts, cut } = capMessages('a few words', 100, 3, true)
    expect(cut).toBe(true)
    expect(parts).toEqual([`a few words${cutNote(100, 3)}`])
  })

  it('uses a short note when messages are too small for the long one', () => {
    expect(cutNote(40, 5)).toBe(' *(cut)*')
    const { parts } = capMessages('x'.repeat(500), 40, 2)
    expect(parts).toHaveLength(2)
    expect(parts[1]).toMatch(/^x+ \*\(cut\)\*$/)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(40)
  })
})
