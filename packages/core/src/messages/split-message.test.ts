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

describe('splitMessage (as the Discord adapter uses it)', () => {
  it('leaves text within the limit alone', () => {
    expect(splitMessage('hello', 40)).toEqual(['hello'])
    expect(splitMessage('x'.repeat(2000), 2000)).toHaveLength(1)
  })

  it('cuts at the last line break, dropping it', () => {
    const text = `${'a'.repeat(1500)}\n${'b'.repeat(1000)}`
    expect(splitMessage(text, 2000)).toEqual(['a'.repeat(1500), 'b'.repeat(1000)])
  })

  it('cuts at a space when no line break is near the end', () => {
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ')
    const parts = splitMessage(words, 100)
    expect(parts.every((p) => p.length <= 100)).toBe(true)
    expect(parts.join(' ')).toBe(words)
    expect(parts.every((p) => !p.startsWith(' ') && !p.endsWith(' '))).toBe(true)
  })

  it('cuts a word longer than a part, but never inside a surrogate pair', () => {
    const parts = splitMessage('😀'.repeat(60), 50)
    expect(parts.join('')).toBe('😀'.repeat(60))
    expect(parts.every((p) => p.length <= 50 && !/^[\uDC00-\uDFFF]/.test(p))).toBe(true)
  })

  it('closes a code block at a cut and reopens it with its language', () => {
    const code = Array.from({ length: 40 }, (_, i) => `const line${i} = ${i}`).join('\n')
    const parts = splitMessage(`Here:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`, 300)
    expect(parts.length).toBeGreaterThan(2)
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(300)
      expect((part.match(/^```/gm) ?? []).length % 2).toBe(0)
    }
    expect(parts[1]?.startsWith('```ts\n')).toBe(true)
    expect(parts.at(-1)?.endsWith('Done.')).toBe(true)
  })
})
