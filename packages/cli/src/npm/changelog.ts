import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
// Single functions: the `semver` index loads all of its 47 files.
import gt from 'semver/functions/gt.js'
import lte from 'semver/functions/lte.js'
import valid from 'semver/functions/valid.js'

/**
 * The entries of a changesets-style CHANGELOG.md (`## 1.2.0` headings) for the versions after `from`
 * up to and including `to`, newest first, as written. Empty when there is no such entry.
 */
export function changelogBetween(text: string, from: string, to: string): string {
  const sections: string[] = []
  let current: { version: string; lines: string[] } | undefined
  const flush = () => {
    if (current && gt(current.version, from) && lte(current.version, to))
      sections.push(current.lines.join('\n').trim())
  }
  for (const line of text.split('\n')) {
    const heading = /^##\s+v?(\d+\.\d+\.\d+[^\s]*)/.exec(line)
    if (heading && valid(heading[1] as string)) {
      flush()
      current = { version: heading[1] as string, lines: [line] }
    } else current?.lines.push(line)
  }
  flush()
  return sections.join('\n\n')
}

/** The changelog excerpt of an installed package between two versions, or a sentence saying there is none. */
export function installedChangelog(dir: string, name: string, from: string, to: string): string {
  const file = join(dir, 'node_modules', name, 'CHANGELOG.md')
  if (!existsSync(file)) return `(${name} ships no CHANGELOG.md)`
  return (
    changelogBetween(readFileSync(file, 'utf8'), from, to) ||
    `(no CHANGELOG.md entry between ${from} and ${to})`
  )
}
