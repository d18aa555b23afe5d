import { basename } from 'node:path'
import { OFFICIAL_PLUGINS, officialPlugin } from './official-plugins.js'

/** The chat platforms a new project can run on. */
export const PLATFORMS = ['console', 'discord'] as const

/** A chat platform of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number]

/** What a new project is made of. */
export interface ProjectOptions {
  /** The project folder (absolute). */
  readonly dir: string
  /** The npm package name of the project (the folder name, made valid). */
  readonly name: string
  /** Where the bot chats. */
  readonly platform: Platform
  /** Keys of the official plugins to install ({@link OFFICIAL_PLUGINS}). */
  readonly plugins: readonly string[]
}

/** The plugins `--yes` picks. */
export const DEFAULT_PLUGINS: readonly string[] = ['timestamp']

/** A package name made from a folder name: lower case, no spaces (`My Bot` gives `my-bot`). */
export function projectName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
  return name === '' ? 'banter-bot' : name
}

/** Whether `value` is a platform. */
export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value)
}

/**
 * Parses `--plugins a,b`: the official plugins' short names, comma separated (`none` or an empty
 * list for none). Returns the problem as a sentence for an unknown name.
 */
export function parsePluginList(value: string): readonly string[] | string {
  const keys = value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '' && key !== 'none')
  const unknown = keys.filter((key) => !officialPlugin(key))
  if (unknown.length > 0)
    return `unknown plugin${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: the official plugins are ${OFFICIAL_PLUGINS.map((p) => p.key).join(', ')}`
  return [...new Set(keys)]
}
