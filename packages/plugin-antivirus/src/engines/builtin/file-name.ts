import { extensionOf } from './file-kinds.js'

// Characters that render as nothing: zero-width spaces and joiners, soft hyphen, word joiners,
// variation selectors, the byte-order mark, and bidirectional controls.
// (Combining ones are listed apart: a character class cannot hold them.)
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]|\u034F|\uFE00|\uFE01|\uFE02|\uFE03|\uFE04|\uFE05|\uFE06|\uFE07|\uFE08|\uFE09|\uFE0A|\uFE0B|\uFE0C|\uFE0D|\uFE0E|\uFE0F/g
// Embedding, override and isolate controls: they make `invoice\u202Efdp.exe` read "invoiceexe.pdf".
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/
// What Windows drops at the end of a name before opening it: dots and spaces, and the name of the
// default data stream (`invoice.exe::$DATA` is invoice.exe).
const WINDOWS_TAIL = /(?:::\$data|[.\s]+)$/i

/** A file name as the operating system that opens it will read it. */
export interface NormalizedFileName {
  /** The name after normalisation: NFKC, lower case, invisible characters and Windows tails removed. */
  readonly name: string
  /**
   * The extensions that decide how it opens: the name's, and, for an NTFS alternate data stream
   * (`notes.txt:payload.exe`), the stream's too.
   */
  readonly extensions: readonly string[]
  /** The name holds bidirectional controls (the right-to-left override trick). */
  readonly bidiControls: boolean
}

/**
 * Normalises a file name before extension checks, so that `invoice.exe.`, `invoice.exe `,
 * `invoice.exe::$DATA`, `INVOICE.EXE`, `invoice.ｅｘｅ` (full-width) and `invoice.e\u200Bxe` all count
 * as `.exe`, as Windows (or the reader) takes them.
 */
export function normalizeFileName(raw: string | undefined): NormalizedFileName {
  const original = raw ?? ''
  let name = original.normalize('NFKC').replace(INVISIBLE, '').toLowerCase()
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  let main = base
  let stream: string | undefined
  const colon = base.indexOf(':')
  if (colon > 0) {
    main = base.slice(0, colon)
    stream = base.slice(colon + 1).replace(/:\$data$/i, '')
  }
  const trim = (value: string) => {
    let out = value
    for (let previous = ''; previous !== out; ) {
      previous = out
      out = out.replace(WINDOWS_TAIL, '')
    }
    return out
  }
  main = trim(main)
  name = name.slice(0, name.length - base.length) + main
  const extensions = [extensionOf(main)]
  if (stream) extensions.push(extensionOf(trim(stream)))
  return {
    name,
    extensions: [...new Set(extensions.filter((ext) => ext !== ''))],
    bidiControls: BIDI_CONTROL.test(original),
  }
}
