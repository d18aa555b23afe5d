/** UTF-8 encoding for isolates, which have no `TextEncoder`. */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = []
  for (const char of String(text)) {
    const code = char.codePointAt(0) as number
    if (code < 0x80) out.push(code)
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63))
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
    else
      out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63))
  }
  return new Uint8Array(out)
}

/** UTF-8 decoding for isolates, which have no `TextDecoder` (invalid bytes become U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number
    const need = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1
    if (need < 0 || i + need >= bytes.length) {
      out += '\ufffd'
      i += 1
      continue
    }
    let code = need === 0 ? b : b & (0x3f >> need)
    let ok = true
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k] as number
      if ((next & 0xc0) !== 0x80) ok = false
      code = (code << 6) | (next & 63)
    }
    if (!ok) {
      out += '\ufffd'
      i += 1
      continue
    }
    out += String.fromCodePoint(code)
    i += need + 1
  }
  return out
}
