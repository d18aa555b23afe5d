import { readdir } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchSuite } from '../types.js'

/** The suites folder. */
export const SUITES_DIR = fileURLToPath(new URL('../suites/', import.meta.url))

/** A suite file, loaded or not. */
export type Discovered =
  | { readonly file: string; readonly suite: BenchSuite }
  | { readonly file: string; readonly error: string }

/** Whether `value` has the shape of a {@link BenchSuite}. */
export function isBenchSuite(value: unknown): value is BenchSuite {
  const s = value as Partial<BenchSuite> | null
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.name === 'string' &&
    typeof s.description === 'string' &&
    typeof s.run === 'function'
  )
}

/** `*.ts` files of the suites folder (not declarations or tests), sorted. */
export async function suiteFiles(): Promise<string[]> {
  const names = await readdir(SUITES_DIR)
  return names.filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts')).sort()
}

/**
 * Imports the suite files selected by `only` (file name without `.ts`, or suite name; all when
 * empty). A file that fails to import is reported with its error; a file without a BenchSuite
 * default export is left out (listed in `ignored`).
 */
export async function discoverSuites(
  only: readonly string[],
): Promise<{ found: Discovered[]; ignored: string[]; unmatched: string[] }> {
  const files = await suiteFiles()
  const byFile = only.length === 0 ? files : files.filter((f) => only.includes(basename(f, '.ts')))
  // A name that matches no file may be a suite name declared inside a file: then every file is read.
  const needsNames = only.some((o) => !files.some((f) => basename(f, '.ts') === o))
  const toLoad = needsNames ? files : byFile
  const found: Discovered[] = []
  const ignored: string[] = []
  for (const file of toLoad) {
    try {
      const module = (await import(pathToFileURL(`${SUITES_DIR}${file}`).href)) as { default?: unknown }
      if (!isBenchSuite(module.default)) {
        ignored.push(file)
        continue
      }
      const suite = module.default
      if (only.length === 0 || only.includes(basename(file, '.ts')) || only.includes(suite.name))
        found.push({ file, suite })
    } catch (error) {
      if (only.length === 0 || only.includes(basename(file, '.ts')))
        found.push({ file, error: (error as Error).stack ?? String(error) })
    }
  }
  const unmatched = only.filter(
    (o) => !found.some((d) => basename(d.file, '.ts') === o || ('suite' in d && d.suite.name === o)),
  )
  return { found, ignored, unmatched }
}
