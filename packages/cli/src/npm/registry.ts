import { coreRangeIncludes } from '@banter/core'
import { npmError, runNpm } from './run-npm.js'

/** The part of a package's registry manifest the plugin commands read. */
export interface RegistryManifest {
  readonly name: string
  readonly version: string
  readonly description?: string
  readonly keywords?: readonly string[]
  readonly peerDependencies?: Readonly<Record<string, string>>
}

/** A package the registry search found. */
export interface SearchHit {
  readonly name: string
  readonly version: string
  readonly description?: string
  readonly keywords?: readonly string[]
}

/** Options of the registry calls: where npm runs, and an optional `--registry`. */
export interface RegistryOptions {
  readonly cwd: string
  readonly registry?: string | undefined
  readonly env?: NodeJS.ProcessEnv
}

const registryArgs = (options: RegistryOptions) => (options.registry ? ['--registry', options.registry] : [])

/**
 * The registry manifest of `spec` (`name`, `name@range`, `name@tag`): the newest version in the range.
 * Throws with npm's own words when the package or version does not exist.
 */
export async function viewManifest(spec: string, options: RegistryOptions): Promise<RegistryManifest> {
  const result = await runNpm(['view', spec, '--json', ...registryArgs(options)], options)
  if (result.code !== 0 || result.stdout.trim() === '')
    throw new Error(`npm view ${spec} failed: ${npmError(result) || 'no such version'}`)
  const parsed = JSON.parse(result.stdout) as RegistryManifest | RegistryManifest[]
  const list = Array.isArray(parsed) ? parsed : [parsed]
  const last = list.at(-1)
  if (!last) throw new Error(`npm view ${spec}: no version matches`)
  return last
}

/** Every published version of `name`, oldest first. */
export async function publishedVersions(name: string, options: RegistryOptions): Promise<string[]> {
  const result = await runNpm(['view', name, 'versions', '--json', ...registryArgs(options)], options)
  if (result.code !== 0) throw new Error(`npm view ${name} versions failed: ${npmError(result)}`)
  const parsed = JSON.parse(result.stdout || '[]') as string | string[]
  return Array.isArray(parsed) ? parsed : [parsed]
}

/** The registry manifest of one exact version. */
export async function viewVersion(name: string, version: string, options: RegistryOptions) {
  return viewManifest(`${name}@${version}`, options)
}

/**
 * Searches the registry for packages with the `banter-plugin` keyword (and `words`), through `npm
 * search`, so the user's registry and auth apply. Registries that do not read the `keywords:`
 * qualifier (verdaccio) are asked for the plain word; either way only packages whose keywords hold
 * `banter-plugin` are kept.
 */
export async function searchPlugins(
  words: readonly string[],
  options: RegistryOptions,
): Promise<SearchHit[]> {
  const search = async (terms: readonly string[]) => {
    const result = await runNpm(
      ['search', '--json', '--searchlimit', '100', ...terms, ...registryArgs(options)],
      options,
    )
    if (result.code !== 0) throw new Error(`npm search failed: ${npmError(result)}`)
    return (JSON.parse(result.stdout || '[]') as RawHit[]).map(normalize)
  }
  const isPlugin = (hit: SearchHit) => hit.keywords?.includes('banter-plugin') === true
  const matches = (hit: SearchHit) =>
    words.every((word) =>
      [hit.name, hit.description ?? '', ...(hit.keywords ?? [])].some((text) =>
        text.toLowerCase().includes(word.toLowerCase()),
      ),
    )
  const hits = (await search(['keywords:banter-plugin', ...words])).filter(isPlugin)
  if (hits.length > 0) return hits
  // Text search only: ask for each word (or the words plugins are named with) and keep the plugins.
  const found = new Map<string, SearchHit>()
  for (const term of words.length > 0 ? words : ['banter-plugin', 'banter', 'plugin'])
    for (const hit of await search([term])) if (isPlugin(hit) && matches(hit)) found.set(hit.name, hit)
  return [...found.values()]
}

interface RawHit {
  name: string
  version?: string
  description?: string
  keywords?: string[] | string
  'dist-tags'?: { latest?: string }
}

function normalize(hit: RawHit): SearchHit {
  const keywords = typeof hit.keywords === 'string' ? hit.keywords.split(/[\s,]+/) : hit.keywords
  return {
    name: hit.name,
    version: hit.version ?? hit['dist-tags']?.latest ?? '?',
    ...(hit.description ? { description: hit.description } : {}),
    ...(keywords ? { keywords } : {}),
  }
}

/** The `@banter/core` range a manifest declares, and whether it includes `coreVersion`. */
export function compatibility(
  manifest: Pick<RegistryManifest, 'peerDependencies'>,
  coreVersion: string,
): { readonly range: string | undefined; readonly compatible: boolean } {
  const range = manifest.peerDependencies?.['@banter/core']
  return { range, compatible: range !== undefined && coreRangeIncludes(range, coreVersion) }
}
