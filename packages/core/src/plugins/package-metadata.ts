import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import satisfies from 'semver/functions/satisfies.js'
// Single functions: the `semver` index loads all of its 47 files.
import validRange from 'semver/ranges/valid.js'
import { BanterError } from '../errors/banter-error.js'
import type { PluginClass } from './base-plugin.js'
import type { PluginManifest } from './manifest.js'

/** The fields of a plugin's `package.json` that core reads. */
export interface PluginPackageJson {
  readonly name?: unknown
  readonly version?: unknown
  readonly description?: unknown
  readonly license?: unknown
  readonly homepage?: unknown
  readonly keywords?: unknown
  readonly peerDependencies?: unknown
  /** `"banter": { "category": "ai" }` gives the marketplace category. */
  readonly banter?: unknown
}

/** The version in the nearest `package.json` named `@banter/core` above this module, or `''`. */
function ownVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === '@banter/core' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // No package.json here: keep walking up.
    }
  }
  return ''
}

/**
 * The version of the running `@banter/core`, read from its own `package.json` (above `src/` and
 * `dist/`, so it is right from sources and from the build). `''` when core runs without its
 * package.json (bundled): then no peer range is checked.
 */
export const CORE_VERSION: string = ownVersion()

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

/** The `@banter/core` range a plugin package declares in `peerDependencies`, if any. */
export function coreRangeOf(pkg: PluginPackageJson | undefined): string | undefined {
  const peers = pkg?.peerDependencies
  if (peers === null || typeof peers !== 'object') return undefined
  return text((peers as Record<string, unknown>)['@banter/core'])
}

/** Whether `range` includes `version` (pre-releases included); an invalid range includes nothing. */
export function coreRangeIncludes(range: string, version: string = CORE_VERSION): boolean {
  return validRange(range) !== null && satisfies(version, range, { includePrerelease: true })
}

/**
 * Refuses a plugin package whose `@banter/core` peer range does not include the running core, with
 * `CORE_INCOMPATIBLE` naming both versions. Called before the package's code is imported.
 */
export function assertCoreCompatible(
  packageName: string,
  pkg: PluginPackageJson | undefined,
  version: string = CORE_VERSION,
): void {
  const range = coreRangeOf(pkg)
  if (range === undefined || version === '' || coreRangeIncludes(range, version)) return
  const own = text(pkg?.version)
  throw new BanterError(
    'CORE_INCOMPATIBLE',
    `plugin package "${packageName}"${own ? ` ${own}` : ''} needs @banter/core ${range}, but this bot runs @banter/core ${version}`,
    {
      details: { package: packageName, range, core: version },
      hint: `Install a version of "${packageName}" made for @banter/core ${version} (\`banter plugin outdated\` lists them), or upgrade @banter/core (and @banter/cli) to a version inside ${range}.`,
    },
  )
}

/** The metadata a package gives a manifest that lacks it: license, homepage, keywords, category. */
export function packageMetadata(pkg: PluginPackageJson | undefined): Partial<PluginManifest> {
  if (!pkg) return {}
  const banter =
    pkg.banter !== null && typeof pkg.banter === 'object' ? (pkg.banter as Record<string, unknown>) : {}
  const keywords = Array.isArray(pkg.keywords)
    ? pkg.keywords.filter((k): k is string => typeof k === 'string')
    : undefined
  const category = text(banter.category)
  const license = text(pkg.license)
  const homepage = text(pkg.homepage)
  return {
    ...(license ? { license } : {}),
    ...(homepage ? { homepage } : {}),
    ...(keywords && keywords.length > 0 ? { keywords } : {}),
    ...(category ? { category } : {}),
  }
}

/**
 * Fills the manifest of each class with the package's metadata where the manifest says nothing; what
 * the manifest declares wins. Classes whose manifest is not an object are left for the validator.
 */
export function withPackageMetadata(
  classes: PluginClass[],
  pkg: PluginPackageJson | undefined,
): PluginClass[] {
  const extra = packageMetadata(pkg)
  if (Object.keys(extra).length === 0) return classes
  for (const cls of classes) {
    const manifest = cls.manifest as unknown
    if (manifest === null || typeof manifest !== 'object') continue
    const merged = { ...extra, ...(manifest as PluginManifest) }
    try {
      Object.defineProperty(cls, 'manifest', { value: merged, configurable: true, writable: true })
    } catch {
      // A frozen class keeps its own manifest: the metadata is informative only.
    }
  }
  return classes
}
