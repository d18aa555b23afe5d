import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest folder at or above `dir` that holds a `package.json`. */
function packageFolder(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at
    if (at === dirname(at)) return dir
  }
}

/**
 * The CLI package's own folder. Plugin packages are resolved from the config's folder first, then
 * from here: installed next to `@banter/cli` (a bot project's node_modules, or this repository's
 * workspaces), the official plugins load whatever folder the config sits in. Found by walking up to
 * the `package.json`, so it is the same from `src/runtime/` and from the bundled `dist/`.
 */
export const APP_DIR = packageFolder(dirname(fileURLToPath(import.meta.url)))
