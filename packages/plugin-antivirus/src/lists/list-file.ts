import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { antivirusError } from '../errors.js'
import type { ParsedList } from './parse-lists.js'

/** What reloading a list file did. */
export interface ListFileReload {
  /** Whether the entries changed. */
  readonly changed: boolean
  /** Lines skipped, as `line N: text`. */
  readonly skipped: readonly string[]
  /** How many lines were skipped. */
  readonly skippedCount: number
}

/**
 * One operator list file. `reload` re-reads it when its modification time, size or inode changed; a
 * file that became unreadable keeps its previous entries (nothing is lost) and the error is thrown for
 * the caller to log.
 */
export class ListFile<Entry> {
  /** Absolute path. */
  readonly path: string
  #entries: readonly Entry[] = []
  #stamp: string | undefined
  readonly #parse: (text: string) => ParsedList<Entry>

  constructor(path: string, parse: (text: string) => ParsedList<Entry>) {
    this.path = resolve(path)
    this.#parse = parse
  }

  /** The entries of the last successful read. */
  get entries(): readonly Entry[] {
    return this.#entries
  }

  /** Reads the file if it changed; throws `ANTIVIRUS_LIST_UNREADABLE` when it cannot be read. */
  async reload(): Promise<ListFileReload> {
    let text: string
    let stamp: string
    try {
      const info = await stat(this.path)
      stamp = `${info.ino}:${info.size}:${info.mtimeMs}`
      if (stamp === this.#stamp) return { changed: false, skipped: [], skippedCount: 0 }
      text = await readFile(this.path, 'utf8')
    } catch (cause) {
      throw antivirusError(
        'ANTIVIRUS_LIST_UNREADABLE',
        `cannot read list file ${this.path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
        { cause },
      )
    }
    const parsed = this.#parse(text)
    this.#entries = parsed.entries
    this.#stamp = stamp
    return { changed: true, skipped: parsed.skipped, skippedCount: parsed.skippedCount }
  }
}
