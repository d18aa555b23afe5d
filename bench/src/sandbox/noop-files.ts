import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Inside the root node_modules, so that the plugin files' `@banter/core` resolves (to its dist). */
const DIR = fileURLToPath(
  new URL('../../../node_modules/.cache/banter-bench/sandbox-plugins/', import.meta.url),
)

/**
 * Writes `count` no-op plugin modules (plain ES modules, as a published plugin ships) whose
 * `onMessageReceived` returns nothing, each with its own name; resolves to their paths and a cleanup.
 */
export function writeNoopPlugins(count: number): { files: string[]; remove(): void } {
  const dir = join(DIR, String(process.pid))
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (let i = 0; i < count; i++) {
    const file = join(dir, `noop-${i}.mjs`)
    writeFileSync(
      file,
      [
        `import { BasePlugin } from '@banter/core'`,
        `export default class Noop${i} extends BasePlugin {`,
        `  static manifest = { name: 'noop-${i}', version: '1.0.0', description: 'Does nothing', permissions: ['messages:read'] }`,
        `  onMessageReceived(message) {}`,
        `}`,
      ].join('\n'),
    )
    files.push(file)
  }
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
