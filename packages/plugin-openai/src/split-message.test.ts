import { describe, expect, it } from 'vitest'
import { splitMessage } from './split-message.js'

describe('splitMessage', () => {
  it('leaves a short text alone', () => {
    expect(splitMessage('short', 100)).toEqual(['short'])
  })

  it('cuts at a blank line, else a line end, else a space, within the limit', () => {
    const text = `${'a'.repeat(30)}\n\n${'b'.repeat(30)}\n${'c'.repeat(30)} ${'d'.repeat(30)}`
    const parts = splitMessage(text, 40)
    expect(parts).toEqual(['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30), 'd'.repeat(30)])
  })

  it('cuts hard when there is nowhere else, without splitting an emoji', () => {
    const text = `${'x'.repeat(35)}😀${'y'.repeat(20)}`
    const parts = splitMessage(text, 40)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(40)
    expect(parts.join('')).toBe(text)
    expect(parts.some((p) => p.includes('😀'))).toBe(true)
  })

  it('closes a code block cut in two and opens it again, with its language', () => {
    const code = Array.from({ length: 12 }, (_, i) => `const line${i} = ${i}`).join('\n')
    const parts = splitMessage(`Here:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`, 120)
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(120)
      expect((part.match(/```/g) ?? []).length % 2).toBe(0)
    }
    expect(parts[1]?.startsWith('```ts\n')).toBe(true)
  })

  it('keeps the parts already cut when the text grows (streaming)', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ')
    let previous: string[] = []
    for (let end = 50; end <= words.length; end += 37) {
      const parts = splitMessage(words.slice(0, end), 100)
      for (let i = 0; i < previous.length - 1; i++) expect(parts[i]).toBe(previous[i])
      previous = parts
    }
  })
})
