import { describe, expect, it } from 'vitest'
import { estimateTokens, type Turn, trimTurns } from './conversation-memory.js'

const turn = (role: Turn['role'], chars: number): Turn => ({ role, content: 'x'.repeat(chars) })

describe('trimTurns', () => {
  it('estimates about four characters per token, plus four per message', () => {
    expect(estimateTokens('')).toBe(4)
    expect(estimateTokens('x'.repeat(40))).toBe(14)
  })

  it('keeps the newest turns that fit and drops an answer left without its question', () => {
    const turns = [turn('user', 40), turn('assistant', 40), turn('user', 40), turn('assistant', 40)]
    expect(trimTurns(turns, 100)).toEqual(turns)
    expect(trimTurns(turns, 42)).toEqual(turns.slice(2))
    expect(trimTurns(turns, 13)).toEqual([])
  })
})
