import { describe, expect, it } from 'vitest'
import { splitContent } from './split-content.js'

describe('splitContent', () => {
  it('leaves text within the limit alone', () => {
    expect(splitContent('hello', 10)).toEqual(['hello'])
    expect(splitContent('x'.repeat(2000))).toHaveLength(1)
  })

  it('cuts at the last line break, dropping it', () => {
    const text = `${'a'.repeat(1500)}\n${'b'.repeat(1000)}`
    expect(splitContent(text)).toEqual(['a'.repeat(1500), 'b'.repeat(1000)])
  })

  it('cuts at a space when no line break is near the end', () => {
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ')
    const parts = splitContent(words, 100)
    expect(parts.every((p) => p.length <= 100)).toBe(true)
    expect(parts.join(' ')).toBe(words)
    expect(parts.every((p) => !p.startsWith(' ') && !p.endsWith(' '))).toBe(true)
  })

  it('cuts a word longer than a part, but never inside a surrogate pair', () => {
    const parts = splitContent('😀'.repeat(60), 50)
    expect(parts.join('')).toBe('😀'.repeat(60))
    expect(parts.every((p) => p.length <= 50 && !/^[\uDC00-\uDFFF]/.test(p))).toBe(true)
  })

  it('closes a code block at a cut and reopens it with its language', () => {
    const code = Array.from({ length: 40 }, (_, i) => `const line${i} = ${i}`).join('\n')
    const parts = splitContent(`Here:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`, 300)
    expect(parts.length).toBeGreaterThan(2)
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(300)
      expect((part.match(/^```/gm) ?? []).length % 2).toBe(0)
    }
    expect(parts[1]?.startsWith('```ts\n')).toBe(true)
    expect(parts.at(-1)?.endsWith('Done.')).toBe(true)
  })
})
