/** Characters of an error message a run record keeps (and `workflow.step` / `workflow.failed` carry). */
export const MAX_ERROR_CHARS = 1_000

/** Nesting a run record keeps inside one value; deeper levels become a marker. */
export const MAX_VALUE_DEPTH = 32

interface Left {
  chars: number
}

const marker = (cut: number) => `…[truncated ${cut} characters]`

/**
 * Cuts `text` to at most `maxChars` characters, the last of them a marker that says how many were
 * cut (`…[truncated 1234 characters]`).
 */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  let keep = Math.max(0, maxChars - marker(text.length).length)
  // Never split a surrogate pair: half an emoji is not text.
  const last = text.charCodeAt(keep - 1)
  if (keep > 0 && last >= 0xd800 && last <= 0xdbff) keep -= 1
  return text.slice(0, keep) + marker(text.length - keep)
}

function cut(value: unknown, left: Left, depth: number): unknown {
  const plain =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON(): unknown }).toJSON()
      : value
  if (typeof plain === 'string') {
    const text = capText(plain, Math.max(0, left.chars - 2))
    left.chars -= text.length + 2
    return text
  }
  if (typeof plain === 'bigint') return cut(plain.toString(), left, depth)
  if (plain === null || typeof plain !== 'object') {
    left.chars -= String(plain).length
    return plain
  }
  if (depth >= MAX_VALUE_DEPTH) {
    left.chars -= 30
    return '…[truncated: nested too deep]'
  }
  left.chars -= 2
  if (Array.isArray(plain)) {
    const out: unknown[] = []
    for (let index = 0; index < plain.length; index++) {
      if (left.chars <= 0) {
        out.push(`…[truncated ${plain.length - index} items]`)
        break
      }
      const item = plain[index]
      out.push(isDropped(item) ? null : cut(item, left, depth + 1))
      left.chars -= 1
    }
    return out
  }
  const out: Record<string, unknown> = {}
  const keys = Object.keys(plain)
  const record = plain as Record<string, unknown>
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string
    const item = record[key]
    if (isDropped(item)) continue
    if (left.chars <= 0 || key.length + 3 > left.chars) {
      let rest = 0
      for (let later = index; later < keys.length; later++)
        if (!isDropped(record[keys[later] as string])) rest++
      out['…'] = `[truncated ${rest} fields]`
      break
    }
    left.chars -= key.length + 4
    out[key] = cut(item, left, depth + 1)
  }
  return out
}

function isDropped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}

/**
 * Bounds a value a run record keeps to about `maxChars` characters of JSON: strings are cut with a
 * `…[truncated N characters]` marker, arrays and objects stop with a marker saying how many items or
 * fields were left out, nesting stops at {@link MAX_VALUE_DEPTH}. Small values come back as plain
 * JSON data, unchanged. The result is what later steps see and what `!workflow status` shows.
 */
export function capValue(value: unknown, maxChars: number): unknown {
  if (isDropped(value)) return null
  return cut(value, { chars: maxChars }, 0)
}
