import { coreRangeIncludes } from '@banter/core'
// Single functions: the `semver` index loads all of its 47 files.
import compare from 'semver/functions/compare.js'
import gt from 'semver/functions/gt.js'
import valid from 'semver/functions/valid.js'
import type { RegistryOptions } from './registry.js'
import { npmError, runNpm } from './run-npm.js'

/** A published version newer than the installed one. */
export interface NewerVersion {
  readonly version: string
  /** Its `@banter/core` peer range, if it declares one. */
  readonly coreRange: string | undefined
}

/** What is newer than an installed plugin. */
export interface PluginUpdate {
  readonly name: string
  readonly current: string
  /** The newest version that fits the project's core (and is newer), if any. */
  readonly compatible: string | undefined
  /** The newest version, whatever its core range. */
  readonly latest: string
}

/**
 * The published versions of `name` newer than `current`, each with its core peer range, through
 * `npm view name@">current" version peerDependencies --json` (the user's registry and auth).
 */
export async function newerVersions(
  name: string,
  current: string,
  options: RegistryOptions,
): Promise<NewerVersion[]> {
  const result = await runNpm(
    [
      'view',
      `${name}@>${current}`,
      'version',
      'peerDependencies',
      '--json',
      ...(options.registry ? ['--registry', options.registry] : []),
    ],
    options,
  )
  // Nothing newer: npm answers E404 "No match found for version".
  if (result.code !== 0 && result.stderr.includes('No match found')) return []
  if (result.code !== 0) throw new Error(`npm view ${name} failed: ${npmError(result)}`)
  if (result.stdout.trim() === '') return []
  const parsed = JSON.parse(result.stdout) as unknown
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as (
    | string
    | { version?: string; peerDependencies?: Record<string, string> }
  )[]
  return list
    .map((entry) =>
      typeof entry === 'string'
        ? { version: entry, coreRange: undefined }
        : { version: entry.version ?? '', coreRange: entry.peerDependencies?.['@banter/core'] },
    )
    .filter((entry) => valid(entry.version) !== null && gt(entry.version, current))
    .sort((a, b) => compare(a.version, b.version))
}

/** The update of one plugin against the project's core version, or `undefined` when nothing is newer. */
export async function pluginUpdate(
  name: string,
  current: string,
  coreVersion: string,
  options: RegistryOptions,
): Promise<PluginUpdate | undefined> {
  const newer = await newerVersions(name, current, options)
  const latest = newer.at(-1)
  if (!latest) return undefined
  const compatible = newer
    .filter((entry) => entry.coreRange !== undefined && coreRangeIncludes(entry.coreRange, coreVersion))
    .at(-1)
  return { name, current, latest: latest.version, compatible: compatible?.version }
}
