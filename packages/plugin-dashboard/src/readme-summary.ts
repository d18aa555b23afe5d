import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The first paragraph of a plugin package's README (after its title), as plain markdown text, or
 * `undefined` when the plugin is no package or has no README. Resolved from `baseDir` (the config
 * file's folder) like the plugin itself.
 */
export function readmeSummary(source: string, baseDir: string): string | undefined {
  if (source === 'class' || source.startsWith('.') || source.startsWith('/')) return undefined
  // From the config's folder first, then from here (the bot app installs the official plugins
  // beside the dashboard).
  const text = [join(baseDir, 'banter.config.js'), import.meta.url]
    .map((from) => {
      try {
        const manifest = createRequire(from).resolve(`${source}/package.json`)
        return readFileSync(join(dirname(manifest), 'README.md'), 'utf8')
      } catch {
        return undefined
      }
    })
    .find((found) => found !== undefined)
  if (text === undefined) return undefined
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#') && !p.startsWith('```') && !p.startsWith('!['))
  const first = paragraphs[0]
  // Links become their text: the page renders text, never HTML or URLs to follow.
  return first?.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').slice(0, 1500)
}
