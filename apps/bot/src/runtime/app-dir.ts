import { fileURLToPath } from 'node:url'

/**
 * The bot app's own folder. Plugin packages are resolved from the config's folder first, then from
 * here, so the official plugins the app ships load whatever folder the config sits in.
 */
export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url))
