import { fileURLToPath } from 'node:url'

/**
 * The CLI package's own folder. Plugin packages are resolved from the config's folder first, then
 * from here: installed next to `@banter/cli` (a bot project's node_modules, or this repository's
 * workspaces), the official plugins load whatever folder the config sits in.
 */
export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url))
