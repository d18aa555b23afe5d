const FENCE = /```([^\s`]*)/g
const CLOSE = '\n```'

/** The info string (`ts`, `python`, or empty) of a code fence still open at the end of `text`. */
export function openFence(text: string): string | undefined {
  let open: string | undefined
  for (const match of text.matchAll(FENCE)) open = open === undefined ? (match[1] ?? '') : undefined
  return open
}

/** Where to cut `text` to keep at most `max` characters: a blank line, a line end, a space, or hard. */
function cutAt(text: string, max: number): number {
  const window = text.slice(0, max + 1)
  const floor = Math.floor(max / 2)
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator, max)
    if (at >= floor) return at
  }
  // A hard cut must not split a surrogate pair.
  const code = text.charCodeAt(max - 1)
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max
}

/**
 * Splits a text into parts of at most `limit` characters for a chat platform, cutting at a blank line,
 * else a line end, else a space. A code block cut in two is closed at the end of one part and opened
 * again, with its language, at the start of the next.
 *
 * The cut of a part depends only on the text before it, so as a streamed answer grows, the parts
 * already posted keep their boundaries.
 */
export function splitMessage(text: string, limit: number): string[] {
  const max = Math.max(limit, 32)
  if (text.length <= max) return [text]
  const parts: string[] = []
  let rest = text
  let reopen = ''
  for (;;) {
    if (reopen.length + rest.length <= max) {
      parts.push(reopen + rest)
      return parts
    }
    const room = max - reopen.length - CLOSE.length
    const cut = cutAt(rest, room)
    let part = reopen + rest.slice(0, cut).trimEnd()
    rest = rest.slice(cut).replace(/^\s+/, '')
    const fence = openFence(part)
    if (fence === undefined) {
      reopen = ''
    } else {
      part += CLOSE
      reopen = `\`\`\`${fence}\n`
    }
    parts.push(part)
    if (rest.length === 0) return parts
  }
}
