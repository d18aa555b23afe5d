const FENCE = /^```.*$/gm
// Room kept for closing a code fence in one part and reopening it in the next.
const FENCE_ROOM = 4

/**
 * Where to cut `text` so the first part has at most `max` characters: the last line break, else the
 * last space, in the second half of the part; else `max`. (Each cut moves at least half a part on.)
 */
function cutPoint(text: string, max: number): { at: number; skip: number } {
  const line = text.lastIndexOf('\n', max)
  if (line >= max / 2) return { at: line, skip: 1 }
  const space = text.lastIndexOf(' ', max)
  if (space >= max / 2) return { at: space, skip: 1 }
  // No boundary: cut hard, but never between the two halves of a surrogate pair.
  const code = text.charCodeAt(max - 1)
  return { at: code >= 0xd800 && code <= 0xdbff ? max - 1 : max, skip: 0 }
}

/** The code fence left open at the end of `text` (its opening line, like "```ts"), if any. */
function openFence(text: string): string | undefined {
  const fences = text.match(FENCE) ?? []
  if (fences.length % 2 === 0) return undefined
  const last = fences.at(-1) as string
  return last.length <= 24 ? last : '```'
}

/**
 * Splits message text into parts of at most `max` characters, cutting at line breaks, then spaces,
 * and only mid-word when a word is longer than a part. A code block cut in two is closed at the end of
 * one part and reopened (same language) at the start of the next.
 *
 * discord.js 14 removed its `splitMessage` helper, hence this small one.
 *
 * @example
 * ```ts
 * splitContent('a'.repeat(2500), 2000).map((p) => p.length) // [2000, 500]
 * ```
 */
export function splitContent(text: string, max = 2000): string[] {
  if (text.length <= max) return [text]
  const parts: string[] = []
  let rest = text
  while (rest.length > max) {
    const { at, skip } = cutPoint(rest, max - FENCE_ROOM)
    let part = rest.slice(0, at)
    rest = rest.slice(at + skip)
    const fence = openFence(part)
    if (fence !== undefined) {
      part += '\n```'
      rest = `${fence}\n${rest}`
    }
    if (part.trim().length > 0) parts.push(part)
  }
  if (rest.trim().length > 0) parts.push(rest)
  return parts
}
